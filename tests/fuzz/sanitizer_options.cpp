// The sanitizers' defaults for every fuzz target, so that the binaries behave the same when
// run by hand as under run_fuzzers.sh. UBSAN_OPTIONS in the environment adds to them, e.g.
// suppressions=FILE to fuzz on past a known finding that is not fixed yet.

/// UBSan stops at its first report (it prints and goes on by default, and libFuzzer would not
/// count it), with the stack.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}
