# GoogleTest sources of the data readers, sampling and normalization (binary test_engine_data).
set(LRSCOPE_DATA_TEST_SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/atomic_file_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/cifar_reader_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/csv_reader_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/curve_file_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/curve_formats_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/data_source_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/dataset_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/idx_reader_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/image_cache_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/image_folder_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/image_resize_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/message_text_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/normalization_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/sampling_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/data/test_split_test.cpp)
