#include "engine/errors.h"

#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>

namespace asyncsim {

std::string DescribeException(const std::exception_ptr& e) {
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const CancelledError& ex) {
    return ex.message().empty() ? "CancelledError"
                                : "CancelledError: " + ex.message();
  } catch (const InvalidStateError& ex) {
    return std::string("InvalidStateError: ") + ex.what();
  } catch (const TimeoutError&) {
    return "TimeoutError";
  } catch (const QueueEmpty&) {
    return "QueueEmpty";
  } catch (const QueueFull&) {
    return "QueueFull";
  } catch (const ValueError& ex) {
    return std::string("ValueError: ") + ex.what();
  } catch (const TaskLimitError& ex) {
    return std::string("TaskLimitError: ") + ex.what();
  } catch (const RuntimeError& ex) {
    return std::string("RuntimeError: ") + ex.what();
  } catch (const std::exception& ex) {
    return std::string("exception: ") + ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

namespace internal {

bool HoldsCancelledError(const std::exception_ptr& e) noexcept {
  if (!e) return false;
#if defined(__GLIBCXX__) && defined(__cpp_rtti)
  // libstdc++'s exception_ptr is the pointer to the thrown object, and
  // knows the object's type. `__do_catch` is the test the personality
  // routine makes to match a handler (the same type, or a public,
  // unambiguous base of it); it may adjust the pointer it is given, hence
  // the copy.
  static_assert(sizeof(std::exception_ptr) == sizeof(void*));
  if (const std::type_info* type = e.__cxa_exception_type(); type != nullptr) {
    void* object;
    std::memcpy(&object, &e, sizeof(object));
    return typeid(CancelledError).__do_catch(type, &object, 1);
  }
#endif
  try {
    std::rethrow_exception(e);
  } catch (const CancelledError&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace internal
}  // namespace asyncsim
