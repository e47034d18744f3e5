set(LRSCOPE_ANALYSIS_SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/lr_ladder.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/loss_smoother.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/numeric_gradient.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/suggestion_rules.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/lr_range_rule.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/centred_filter.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/repeat_summary.cpp)
