#include "common/log.hpp"

#include <chrono>
#include <cstdarg>
#include <cstdlib>
#include <cstring>

namespace nodertc {

namespace {

LogLevel readLevel() {
  const char* value = std::getenv("NODERTC_LOG");
  if (!value) return LogLevel::None;
  const char* names[] = {"none", "error", "warn", "info", "debug", "verbose"};
  for (int i = 0; i < 6; ++i)
    if (std::strcmp(value, names[i]) == 0) return static_cast<LogLevel>(i);
  return LogLevel::Info;
}

}  // namespace

LogLevel logLevel() {
  static const LogLevel level = readLevel();
  return level;
}

void logWrite(LogLevel level, const char* component, const char* format, ...) {
  static const char* tags[] = {"", "ERROR", "WARN", "INFO", "DEBUG", "VERBOSE"};
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  using namespace std::chrono;
  static const auto start = steady_clock::now();
  double ms = duration<double, std::milli>(steady_clock::now() - start).count();
  std::fprintf(stderr, "nodertc %10.3f %s [%s] %s\n", ms, tags[static_cast<int>(level)], component, line);
}

}  // namespace nodertc
