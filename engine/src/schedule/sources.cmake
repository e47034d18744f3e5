set(LRSCOPE_SCHEDULE_SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/src/schedule/lr_schedule.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/schedule/schedule_spec.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/schedule/lr_events.cpp)
