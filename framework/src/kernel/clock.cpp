#include "herald/clock.hpp"

namespace herald {

sdk::Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace herald
