# Data readers (datasets, recorded loss-vs-LR curves), sampling and normalization: plain C++17,
# zlib, nlohmann_json, libpng and TurboJPEG (image folders), part of lrscope_engine_core.
set(LRSCOPE_DATA_SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/atomic_file.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/cifar_reader.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/csv_reader.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/csv_text.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/curve_fields.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/curve_file.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/curve_json.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/data_source.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/dataset.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/file_bytes.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/idx_reader.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_batch.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_cache.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_decode.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_folder.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_listing.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/image_resize.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/json_input.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/lazy_image_folder.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/normalization.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/sampling.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/data/test_split.cpp)
