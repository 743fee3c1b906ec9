#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include <okr/symbol.hpp>

namespace okr {

namespace {

/// One part of the table, with its own lock, so that loader threads rarely wait for each other.
/// Its text is kept in blocks that are never moved or freed: symbols point into them.
class Shard {
public:
  const char* intern(std::string_view text, std::size_t hash) {
    const std::lock_guard lock(m_mutex);
    if (auto it = m_index.find(Key{text, hash}); it != m_index.end()) {
      return it->stored;
    }
    const char* stored = store(text);
    m_index.insert(
        Key{std::string_view(stored + sizeof(std::uint32_t), text.size()), hash, stored});
    return stored;
  }

private:
  struct Key {
    std::string_view text;
    std::size_t hash = 0;
    const char* stored = nullptr;
    bool operator==(const Key& other) const { return text == other.text; }
  };
  struct Hash {
    std::size_t operator()(const Key& key) const { return key.hash; }
  };

  static constexpr std::size_t k_block = 64 * 1024;

  const char* store(std::string_view text) {
    const std::size_t need = sizeof(std::uint32_t) + text.size();
    if (need > k_block / 4) { // a long text gets a block of its own
      m_large.push_back(std::make_unique<char[]>(need));
      return fill(m_large.back().get(), text);
    }
    if (m_blocks.empty() || m_used + need > k_block) {
      m_blocks.push_back(std::make_unique<char[]>(k_block));
      m_used = 0;
    }
    char* at = m_blocks.back().get() + m_used;
    m_used += need;
    return fill(at, text);
  }

  static const char* fill(char* at, std::string_view text) {
    const auto size = static_cast<std::uint32_t>(text.size());
    std::memcpy(at, &size, sizeof size);
    std::memcpy(at + sizeof size, text.data(), text.size());
    return at;
  }

  std::mutex m_mutex;
  std::unordered_set<Key, Hash> m_index;
  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::vector<std::unique_ptr<char[]>> m_large;
  std::size_t m_used = 0;
};

constexpr std::size_t k_shards = 16;

std::array<Shard, k_shards>& shards() {
  // Never destroyed: symbols may be read while other static objects are destroyed at exit.
  static auto* table = new std::array<Shard, k_shards>;
  return *table;
}

} // namespace

Symbol::Symbol(std::string_view text) {
  if (text.empty()) {
    return;
  }
  if (text.size() > UINT32_MAX) {
    throw std::length_error("okr: a key longer than 4 GiB");
  }
  const std::size_t hash = std::hash<std::string_view>{}(text);
  // Check-ins repeat the same few keys: each thread remembers the symbols it made last, so
  // that loader threads do not take turns at one shard's lock for every value they read.
  struct Recent {
    std::size_t hash = 0;
    const char* text = nullptr;
  };
  thread_local std::array<Recent, 256> t_recent{};
  Recent& recent = t_recent[hash % t_recent.size()];
  if (recent.text != nullptr && recent.hash == hash) {
    m_text = recent.text;
    if (view() == text) {
      return;
    }
  }
  m_text = shards()[hash % k_shards].intern(text, hash);
  recent = {hash, m_text};
}

std::string_view Symbol::view() const {
  if (m_text == nullptr) {
    return {};
  }
  std::uint32_t size = 0;
  std::memcpy(&size, m_text, sizeof size);
  return {m_text + sizeof size, size};
}

} // namespace okr
