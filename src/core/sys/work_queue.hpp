#pragma once

// The one way okr spreads work over threads: a fixed number of them, the caller's among them,
// taking items until none is left.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace okr::sys {

/// The threads to use for `jobs` (0: one per core), at least 1.
inline unsigned thread_count(unsigned jobs) {
  return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

/// Calls `fn(i)` for every i in [0, n) on up to `jobs` threads (0: one per core), at least 8
/// items per thread, in no defined order; returns when every call has.
template <typename F> void parallel_for(std::size_t n, unsigned jobs, F&& fn) {
  jobs = static_cast<unsigned>(std::min<std::size_t>(thread_count(jobs), (n + 7) / 8));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      fn(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      fn(i);
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back(worker);
  }
  worker();
}

/// Works through a queue that the work itself adds to (a walk over folders), on `jobs` threads
/// (0: one per core). Each thread keeps its own `State`: `work(item, state, more)` handles one
/// item, appending the items it finds to `more`; when the queue is empty and no thread is
/// working, each thread calls `done(state)`, one at a time (so `done` may add to shared
/// results without a lock of its own).
template <typename Item, typename State, typename Work, typename Done>
void work_through(std::vector<Item> queue, unsigned jobs, Work&& work, Done&& done) {
  std::mutex mutex;
  std::condition_variable wake;
  std::size_t busy = 0;
  auto worker = [&] {
    State state;
    std::vector<Item> more;
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return !queue.empty() || busy == 0; });
      if (queue.empty()) {
        break;
      }
      Item item = std::move(queue.back());
      queue.pop_back();
      ++busy;
      lock.unlock();
      work(item, state, more);
      lock.lock();
      --busy;
      for (Item& m : more) {
        queue.push_back(std::move(m));
      }
      more.clear();
      wake.notify_all();
    }
    done(state); // still holding the lock
  };
  const unsigned threads_wanted = thread_count(jobs);
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < threads_wanted; ++t) {
    threads.emplace_back(worker);
  }
  worker();
}

} // namespace okr::sys
