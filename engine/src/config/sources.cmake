set(LRSCOPE_CONFIG_SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/model_spec.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/range_test_options.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/run_record.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/find_config.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/find_report.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/config/number_text.cpp)
