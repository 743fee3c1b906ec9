#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace okr {

/// An optional value kept on the heap: one pointer (8 bytes) where std::optional<T> holds the
/// whole T and a flag, for fields of the model that most of its 100,000s of structs leave unset
/// (a key result's guardrails and owner). Reads like std::optional; copies copy the value.
template <typename T> class Boxed {
public:
  using value_type = T;

  Boxed() = default;
  Boxed(std::nullopt_t) {} // NOLINT(google-explicit-constructor): as std::optional
  Boxed(T value) : m_value(std::make_unique<T>(std::move(value))) {} // NOLINT: as std::optional
  Boxed(std::optional<T> value) { // NOLINT(google-explicit-constructor): as std::optional
    if (value) {
      m_value = std::make_unique<T>(std::move(*value));
    }
  }
  Boxed(const Boxed& other)
      : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) {
      m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
    }
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(std::nullopt_t) {
    m_value.reset();
    return *this;
  }
  Boxed& operator=(T value) {
    m_value = std::make_unique<T>(std::move(value));
    return *this;
  }
  Boxed& operator=(std::optional<T> value) {
    if (value) {
      m_value = std::make_unique<T>(std::move(*value));
    } else {
      m_value.reset();
    }
    return *this;
  }
  ~Boxed() = default;

  bool has_value() const { return m_value != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *m_value; }
  const T& operator*() const { return *m_value; }
  T* operator->() { return m_value.get(); }
  const T* operator->() const { return m_value.get(); }
  const T& value() const {
    if (!m_value) {
      throw std::bad_optional_access();
    }
    return *m_value;
  }
  template <typename U> T value_or(U&& fallback) const {
    return m_value ? *m_value : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename... A> T& emplace(A&&... args) {
    m_value = std::make_unique<T>(std::forward<A>(args)...);
    return *m_value;
  }
  void reset() { m_value.reset(); }
  /// The value as a std::optional (a copy).
  std::optional<T> optional() const { return m_value ? std::optional<T>(*m_value) : std::nullopt; }

  friend bool operator==(const Boxed& a, std::nullopt_t) { return !a.has_value(); }

private:
  std::unique_ptr<T> m_value;
};

} // namespace okr
