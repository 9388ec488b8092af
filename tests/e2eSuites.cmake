# Writes the ctest entries of the end-to-end suite, one per gtest test suite, from the binary's own list
# (run after each link of sas_e2e_tests; the file is included by ctest through TEST_INCLUDE_FILES).
# A test suite shares its gateway between its cases (SetUpTestSuite), so it stays in one process; different suites
# share nothing (own gateway, cluster, ports and directories), so `ctest -j2` runs two of them at once.
# Inputs: TEST_EXECUTABLE, CTEST_FILE.
execute_process(COMMAND "${TEST_EXECUTABLE}" --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TEST_EXECUTABLE} --gtest_list_tests failed (${status})")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(content "")
foreach(line IN LISTS lines)
    # Suite lines start at column 0 and end with '.'; test lines are indented.
    if(line MATCHES "^([A-Za-z0-9_/]+)\\.")
        set(name "e2e.${CMAKE_MATCH_1}")
        string(APPEND content
            "add_test([=[${name}]=] [=[${TEST_EXECUTABLE}]=] --gtest_color=no [=[--gtest_filter=${CMAKE_MATCH_1}.*]=])\n"
            "set_tests_properties([=[${name}]=] PROPERTIES LABELS e2e TIMEOUT 900 FIXTURES_REQUIRED pki)\n")
    endif()
endforeach()
if(content STREQUAL "")
    message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test suite")
endif()
file(WRITE "${CTEST_FILE}" "${content}")
