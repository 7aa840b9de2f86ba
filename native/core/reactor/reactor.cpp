#include "reactor/reactor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <stdexcept>

#include "common/log.hpp"

namespace nodertc {

namespace {

// A task that throws (out of memory in OpenSSL, say) fails alone: the loop and the process go on.
void runGuarded(const Reactor::Task& task) {
  try {
    task();
  } catch (const std::exception& error) {
    NODERTC_LOG(Error, "reactor", "a task failed: %s", error.what());
  }
}

}  // namespace

Reactor::Reactor() {
  epollFd_ = epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epollFd_ < 0 || wakeFd_ < 0) throw std::runtime_error("reactor: epoll/eventfd failed");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wakeFd_;
  epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev);
  thread_ = std::thread([this] { run(); });
}

Reactor::~Reactor() {
  stop();
  close(wakeFd_);
  close(epollFd_);
}

void Reactor::post(Task task) {
  bool wasEmpty;
  {
    std::unique_lock<std::mutex> lock(commandsMutex_);
    if (stopped_) {
      lock.unlock();
      runGuarded(task);
      return;
    }
    wasEmpty = commands_.empty();
    commands_.push_back(std::move(task));
  }
  if (wasEmpty) {
    uint64_t one = 1;
    ssize_t n = write(wakeFd_, &one, sizeof one);
    (void)n;
  }
}

bool Reactor::isLoopThread() const { return std::this_thread::get_id() == thread_.get_id(); }

Reactor::TimerId Reactor::setTimer(Clock::duration delay, Task task) {
  TimerId id = nextTimerId_++;
  auto at = Clock::now() + delay;
  timers_.emplace(TimerKey{at, id}, std::move(task));
  timerDeadlines_.emplace(id, at);
  return id;
}

void Reactor::cancelTimer(TimerId id) {
  auto it = timerDeadlines_.find(id);
  if (it == timerDeadlines_.end()) return;
  timers_.erase(TimerKey{it->second, id});
  timerDeadlines_.erase(it);
}

void Reactor::defer(Task task) { deferred_.push_back(std::move(task)); }

void Reactor::runDeferred() {
  // Bounded: a deferred task that defers again runs in the next round, at most a few rounds.
  for (int round = 0; round < 4 && !deferred_.empty(); ++round) {
    std::vector<Task> batch;
    batch.swap(deferred_);
    for (auto& task : batch) runGuarded(task);
  }
}

void Reactor::addReader(int fd, Task onReadable) {
  readers_[fd] = std::make_shared<Task>(std::move(onReadable));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev);
}

void Reactor::removeReader(int fd) {
  if (readers_.erase(fd) == 0) return;
  epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
}

void Reactor::stop() {
  if (!thread_.joinable() || isLoopThread()) return;
  post([this] { running_ = false; });
  thread_.join();
}

int Reactor::nextTimeoutMs() const {
  if (!deferred_.empty()) return 0;
  if (timers_.empty()) return -1;
  auto wait = timers_.begin()->first.at - Clock::now();
  if (wait <= Clock::duration::zero()) return 0;
  // Round up so a timer never fires early.
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
}

void Reactor::drainCommands() {
  std::vector<Task> batch;
  {
    std::lock_guard<std::mutex> lock(commandsMutex_);
    batch.swap(commands_);
  }
  for (auto& task : batch) runGuarded(task);
}

void Reactor::fireTimers() {
  auto now = Clock::now();
  while (!timers_.empty() && timers_.begin()->first.at <= now) {
    auto node = timers_.extract(timers_.begin());
    timerDeadlines_.erase(node.key().id);
    runGuarded(node.mapped());
  }
}

void Reactor::run() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  while (running_) {
    int n = epoll_wait(epollFd_, events, kMaxEvents, nextTimeoutMs());
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wakeFd_) {
        uint64_t count;
        ssize_t r = read(wakeFd_, &count, sizeof count);
        (void)r;
        drainCommands();
        continue;
      }
      auto it = readers_.find(fd);
      if (it == readers_.end()) continue;
      auto handler = it->second;  // survives removeReader() inside the handler
      runGuarded(*handler);
    }
    fireTimers();
    runDeferred();
  }
  // Run what is still queued; from then on post() runs tasks on the caller's thread.
  for (;;) {
    std::vector<Task> batch;
    {
      std::lock_guard<std::mutex> lock(commandsMutex_);
      if (commands_.empty()) {
        stopped_ = true;
        break;
      }
      batch.swap(commands_);
    }
    for (auto& task : batch) runGuarded(task);
  }
  timers_.clear();
  timerDeadlines_.clear();
  deferred_.clear();
}

}  // namespace nodertc
