#include "loader/cache.hpp"

#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>

#include <okr/cache.hpp>

namespace fs = std::filesystem;

namespace okr {

namespace loader {

// One function per struct lists its fields, for both directions.
template <typename A> void io(A& a, Text& x) {
  a(x.value, x.pos);
}
template <typename A> void io(A& a, Number& x) {
  a(x.value, x.pos);
}
template <typename A> void io(A& a, Ref& x) {
  a(x.owner, x.objective, x.kr, x.pos);
}
template <typename A> void io(A& a, KeyResult& x) {
  a(x.id, x.title, x.type, x.baseline, x.target, x.stay_above, x.stay_below, x.milestone, x.unit,
    x.weight, x.owner, x.contributes_to, x.pos, x.has_schema_errors);
}
template <typename A> void io(A& a, Objective& x) {
  a(x.id, x.title, x.shared, x.aligns_to, x.weight, x.depends_on, x.initiatives, x.key_results,
    x.pos);
}
template <typename A> void io(A& a, Kpi& x) {
  a(x.id, x.title, x.unit, x.stay_above, x.stay_below, x.pos);
}
template <typename A> void io(A& a, OkrFile& x) {
  a(x.cycle, x.owner, x.name, x.level, x.level_pos, x.parent, x.is_private, x.objectives, x.kpis,
    x.pos);
}
template <typename A> void io(A& a, ResultValue& x) {
  a(x.key, x.number, x.done, x.pos);
}
template <typename A> void io(A& a, Checkin& x) {
  a(x.owner, x.cycle, x.date, x.date_pos, x.author, x.kind, x.confidence, x.status, x.results,
    x.kpis, x.issues, x.plan, x.attractors, x.detractors, x.learned, x.pos);
}
template <typename A> void io(A& a, Diagnostic& x) {
  a(x.file, x.line, x.column, x.severity, x.rule, x.message);
}
template <typename A> void io(A& a, FileResult& x) {
  a(x.okr, x.checkin, x.diagnostics, x.suppressions);
}

namespace {

// The encoding below lists every field of the model. A field added to one of these structs
// must be added to its io() function too, or cached runs would lose it: these asserts make
// the build fail first. Update the size and the io() function together.
static_assert(sizeof(KeyResult) == 408, "KeyResult changed: update io(KeyResult) and this size");
static_assert(sizeof(Objective) == 336, "Objective changed: update io(Objective) and this size");
static_assert(sizeof(Kpi) == 232, "Kpi changed: update io(Kpi) and this size");
static_assert(sizeof(OkrFile) == 304, "OkrFile changed: update io(OkrFile) and this size");
static_assert(sizeof(ResultValue) == 80, "ResultValue changed: update io(ResultValue)");
static_assert(sizeof(Checkin) == 472, "Checkin changed: update io(Checkin) and this size");
static_assert(sizeof(Diagnostic) == 112, "Diagnostic changed: update io(Diagnostic)");

constexpr std::string_view k_magic = "OKRCACHE";
constexpr std::uint32_t k_format = 2;
/// A file changed this close to the start of the run that cached it may have changed again
/// within the file system's timestamp granularity: hash it.
constexpr std::int64_t k_racy_ns = 2'000'000'000;

class Out {
public:
  explicit Out(std::string& buffer) : m_b(buffer) {}

  template <typename... T> void operator()(const T&... values) { (put(values), ...); }

  void raw(const void* p, std::size_t n) { m_b.append(static_cast<const char*>(p), n); }
  void put(std::uint32_t v) { raw(&v, sizeof v); }
  void put(std::int64_t v) { raw(&v, sizeof v); }
  void put(std::uint64_t v) { raw(&v, sizeof v); }
  void put(double v) { raw(&v, sizeof v); }
  void put(bool v) { m_b.push_back(v ? 1 : 0); }
  void put(std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  void put(const Date& d) { put(static_cast<std::int64_t>(d.days())); }
  void put(const Pos& p) { (*this)(p.line, p.column); }
  template <typename E>
  requires std::is_enum_v<E>
  void put(E e) { m_b.push_back(static_cast<char>(e)); }
  template <typename T> void put(const std::optional<T>& o) {
    put(o.has_value());
    if (o) {
      put(*o);
    }
  }
  template <typename T> void put(const std::unique_ptr<T>& o) {
    put(o != nullptr);
    if (o) {
      put(*o);
    }
  }
  template <typename T> void put(const std::vector<T>& v) {
    put(static_cast<std::uint32_t>(v.size()));
    for (const T& x : v) {
      put(x);
    }
  }
  template <typename T>
  requires std::is_class_v<T>
  void put(const T& x) {
    io(*this, const_cast<T&>(x)); // io() only reads when given an Out
  }

private:
  std::string& m_b;
};

class In {
public:
  In(std::string_view data, std::uint32_t file) : m_d(data), m_file(file) {}

  bool ok() const { return m_ok; }
  bool done() const { return m_p == m_d.size(); }

  template <typename... T> void operator()(T&... values) { (get(values), ...); }

  bool raw(void* p, std::size_t n) {
    if (!m_ok || m_d.size() - m_p < n) {
      m_ok = false;
      return false;
    }
    std::memcpy(p, m_d.data() + m_p, n);
    m_p += n;
    return true;
  }
  void get(std::uint32_t& v) { raw(&v, sizeof v); }
  void get(std::int64_t& v) { raw(&v, sizeof v); }
  void get(std::uint64_t& v) { raw(&v, sizeof v); }
  void get(double& v) { raw(&v, sizeof v); }
  void get(bool& v) {
    char c = 0;
    raw(&c, 1);
    m_ok = m_ok && (c == 0 || c == 1);
    v = c == 1;
  }
  std::string_view view() {
    std::uint32_t n = 0;
    get(n);
    if (!m_ok || m_d.size() - m_p < n) {
      m_ok = false;
      return {};
    }
    const std::string_view s = m_d.substr(m_p, n);
    m_p += n;
    return s;
  }
  void get(std::string& s) { s = view(); }
  void get(Date& d) {
    std::int64_t days = 0;
    get(days);
    d = Date::from_days(static_cast<int>(days));
  }
  void get(Pos& p) {
    p.file = m_file;
    (*this)(p.line, p.column);
  }
  template <typename E>
  requires std::is_enum_v<E>
  void get(E& e) {
    std::uint8_t v = 0;
    raw(&v, 1);
    e = static_cast<E>(v);
  }
  template <typename T> void get(std::optional<T>& o) {
    bool has = false;
    get(has);
    if (has && m_ok) {
      get(o.emplace());
    } else {
      o.reset();
    }
  }
  template <typename T> void get(std::unique_ptr<T>& o) {
    bool has = false;
    get(has);
    o.reset();
    if (has && m_ok) {
      o = std::make_unique<T>();
      get(*o);
    }
  }
  template <typename T> void get(std::vector<T>& v) {
    std::uint32_t n = 0;
    get(n);
    if (!m_ok || n > m_d.size() - m_p) { // every item takes a byte at least
      m_ok = false;
      return;
    }
    v.clear();
    v.resize(n);
    for (T& x : v) {
      get(x);
    }
  }
  template <typename T>
  requires std::is_class_v<T>
  void get(T& x) { io(*this, x); }

private:
  std::string_view m_d;
  std::size_t m_p = 0;
  std::uint32_t m_file;
  bool m_ok = true;
};

} // namespace

std::optional<FileStamp> stamp_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::nullopt;
  }
  FileStamp s;
  s.size = st.st_size;
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  s.inode = st.st_ino;
  return s;
}

std::uint64_t content_hash(std::string_view bytes) {
  constexpr std::uint64_t k_prime = 0x100000001b3ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * k_prime;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) {
    h = (h ^ static_cast<unsigned char>(bytes[i])) * k_prime;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

Cache::Cache(fs::path file, std::string key) : m_file(std::move(file)), m_key(std::move(key)) {
  const int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 16 && st.st_size < (std::int64_t{1} << 32)) {
    m_buffer.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < m_buffer.size()) {
      const ssize_t n = ::read(fd, m_buffer.data() + done, m_buffer.size() - done);
      if (n <= 0) {
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    m_buffer.resize(done);
  }
  ::close(fd);
  if (m_buffer.size() < 16) {
    m_buffer.clear();
    return;
  }
  // A checksum over everything before it: a truncated or damaged file is no cache at all.
  const std::string_view body(m_buffer.data(), m_buffer.size() - 8);
  std::uint64_t checksum = 0;
  std::memcpy(&checksum, m_buffer.data() + body.size(), 8);
  if (checksum != content_hash(body)) {
    m_buffer.clear();
    return;
  }
  In in(body, 0);
  char magic[8] = {};
  std::uint32_t format = 0;
  in.raw(magic, sizeof magic);
  in.get(format);
  if (!in.ok() || std::string_view(magic, 8) != k_magic || format != k_format ||
      in.view() != m_key) {
    m_buffer.clear();
    return;
  }
  std::uint32_t count = 0;
  in(m_written_at_ns, count);
  if (!in.ok() || count > body.size()) {
    m_buffer.clear();
    return;
  }
  m_entries.reserve(count);
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    const std::string_view path = in.view();
    Entry e;
    in(e.stamp.size, e.stamp.mtime_ns, e.stamp.ctime_ns, e.stamp.inode, e.hash);
    e.payload = in.view();
    if (in.ok()) {
      m_entries.emplace(path, e);
    }
  }
  if (!in.ok() || !in.done()) {
    m_entries.clear();
    m_buffer.clear();
  }
}

const Cache::Entry* Cache::find(const std::string& path) const {
  const auto it = m_entries.find(path);
  return it == m_entries.end() ? nullptr : &it->second;
}

bool Cache::trusts(const FileStamp& stamp) const {
  return stamp.mtime_ns < m_written_at_ns - k_racy_ns &&
         stamp.ctime_ns < m_written_at_ns - k_racy_ns;
}

bool Cache::decode(std::string_view payload, std::uint32_t index, FileResult& out) {
  In in(payload, index);
  in.get(out);
  if (in.ok() && in.done()) {
    if (out.okr) {
      out.okr->file = index;
    }
    if (out.checkin) {
      out.checkin->file = index;
    }
    return true;
  }
  out = FileResult{};
  return false;
}

void Cache::write(const std::vector<NewEntry>& entries, std::int64_t run_start_ns) const {
  std::string buffer;
  std::size_t size = 64 + m_key.size();
  for (const NewEntry& e : entries) {
    size += e.path.size() + e.entry.payload.size() + 48;
  }
  buffer.reserve(size + 8);
  Out o(buffer);
  o.raw(k_magic.data(), k_magic.size());
  o(k_format, std::string_view(m_key), run_start_ns, static_cast<std::uint32_t>(entries.size()));
  for (const NewEntry& e : entries) {
    o(e.path, e.entry.stamp.size, e.entry.stamp.mtime_ns, e.entry.stamp.ctime_ns,
      e.entry.stamp.inode, e.entry.hash);
    if (e.result) {
      const std::size_t at = buffer.size();
      o.put(std::uint32_t{0});
      o.put(*e.result);
      const auto length = static_cast<std::uint32_t>(buffer.size() - at - 4);
      std::memcpy(buffer.data() + at, &length, 4);
    } else {
      o.put(e.entry.payload);
    }
  }
  o.put(content_hash(buffer));

  std::error_code ec;
  fs::create_directories(m_file.parent_path(), ec);
  const fs::path temp = m_file.string() + fmt::format(".tmp{}", ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return;
  }
  std::size_t done = 0;
  bool ok = true;
  while (done < buffer.size()) {
    const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), m_file.c_str()) != 0) {
    ::unlink(temp.c_str());
  }
}

} // namespace loader

fs::path default_cache_dir(const fs::path& root) {
  if (const char* dir = std::getenv("OKR_CACHE_DIR"); dir && *dir) {
    return fs::path(dir);
  }
  std::error_code ec;
  if (fs::is_directory(root / ".git", ec)) {
    return root / ".git" / "okr-cache";
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg && xdg[0] == '/') {
    return fs::path(xdg) / "okr";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache" / "okr";
  }
  return {};
}

} // namespace okr
