// Leveled logging to stderr, set by NODERTC_LOG=error|warn|info|debug|verbose.
#pragma once

#include <cstdio>

namespace nodertc {

enum class LogLevel { None = 0, Error, Warn, Info, Debug, Verbose };

LogLevel logLevel();
void logWrite(LogLevel level, const char* component, const char* format, ...)
    __attribute__((format(printf, 3, 4)));

}  // namespace nodertc

#define NODERTC_LOG(level, component, ...)                                     \
  do {                                                                         \
    if (::nodertc::logLevel() >= ::nodertc::LogLevel::level)                   \
      ::nodertc::logWrite(::nodertc::LogLevel::level, component, __VA_ARGS__); \
  } while (0)
