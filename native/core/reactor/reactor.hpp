// One I/O thread with its own event loop: epoll for sockets, a timer queue,
// and a command queue that other threads post closures to.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace nodertc {

class Reactor {
 public:
  using Clock = std::chrono::steady_clock;
  using Task = std::function<void()>;
  using TimerId = uint64_t;

  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Any thread: run task on the loop thread, in posting order. Once the reactor has
  // stopped there is no loop thread: the task runs at once on the caller's.
  void post(Task task);
  bool isLoopThread() const;

  // Loop thread only. A timer fires once; cancel before it fires to drop it.
  TimerId setTimer(Clock::duration delay, Task task);
  void cancelTimer(TimerId id);

  // Loop thread only. The task runs once the events, timers and commands at hand are handled,
  // before the loop waits again: work that is cheaper done once for all of them (flushing
  // queued datagrams) waits here.
  void defer(Task task);

  // Loop thread only. onReadable runs while fd is readable (level-triggered).
  void addReader(int fd, Task onReadable);
  void removeReader(int fd);

  static Clock::time_point now() { return Clock::now(); }

  // Any thread but the loop's: runs what is queued, then joins the thread.
  void stop();

 private:
  void run();
  void drainCommands();
  void fireTimers();
  void runDeferred();
  int nextTimeoutMs() const;

  int epollFd_ = -1;
  int wakeFd_ = -1;
  std::atomic<bool> running_{true};
  std::thread thread_;

  std::mutex commandsMutex_;
  std::vector<Task> commands_;
  bool stopped_ = false;

  struct TimerKey {
    Clock::time_point at;
    TimerId id;
    bool operator<(const TimerKey& o) const { return at < o.at || (at == o.at && id < o.id); }
  };
  std::map<TimerKey, Task> timers_;
  std::unordered_map<TimerId, Clock::time_point> timerDeadlines_;
  TimerId nextTimerId_ = 1;

  std::unordered_map<int, std::shared_ptr<Task>> readers_;
  std::vector<Task> deferred_;
};

}  // namespace nodertc
