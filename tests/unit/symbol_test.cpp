#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include <okr/symbol.hpp>

using okr::Symbol;

TEST_CASE("symbols: equal text is one symbol") {
  const std::string built = std::string("launch-1/") + "kr-2";
  const Symbol a("launch-1/kr-2");
  const Symbol b(built);
  CHECK(a == b);
  CHECK(a.view().data() == b.view().data()); // one copy
  CHECK(a.view() == "launch-1/kr-2");
  CHECK(a == "launch-1/kr-2");
  CHECK_FALSE(a == "launch-1/kr-3");
  CHECK(a != Symbol("launch-1/kr-3"));
  CHECK(Symbol("a") < Symbol("b"));
}

TEST_CASE("symbols: the empty text") {
  const Symbol none;
  CHECK(none.empty());
  CHECK(none.view().empty());
  CHECK(Symbol("") == none);
  CHECK_FALSE(Symbol("x").empty());
}

TEST_CASE("symbols: long text and text with NUL bytes") {
  const std::string long_text(100'000, 'k'); // larger than a storage block
  CHECK(Symbol(long_text).view() == long_text);
  CHECK(Symbol(long_text) == Symbol(std::string(100'000, 'k')));
  const std::string with_nul("a\0b", 3);
  CHECK(Symbol(with_nul).view() == with_nul);
  CHECK(Symbol(with_nul) != Symbol("a"));
}

TEST_CASE("symbols: threads interning the same text get the same symbol") {
  constexpr int k_threads = 4;
  constexpr int k_keys = 2000;
  std::vector<std::vector<Symbol>> got(k_threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&got, t] {
      for (int i = 0; i < k_keys; ++i) {
        got[t].emplace_back("threaded-" + std::to_string(i) + "/kr");
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (int i = 0; i < k_keys; ++i) {
    CHECK(got[0][i].view() == "threaded-" + std::to_string(i) + "/kr");
    for (int t = 1; t < k_threads; ++t) {
      REQUIRE(got[t][i] == got[0][i]);
    }
  }
}
