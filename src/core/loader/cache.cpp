#include "loader/cache.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <iterator>
#include <sodium.h>
#include <type_traits>
#include <xxhash.h>

#include <okr/cache.hpp>
#include <okr/version.hpp>

#include "loader/check_record.hpp"
#include "sys/atomic_file.hpp"
#include "sys/build_id.hpp"
#include "sys/mapped_file.hpp"
#include "sys/read_file.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace loader {

// One function per struct lists its fields, for both directions.
template <typename A> void io(A& a, ContentHash& x) {
  a(x.low, x.high);
}
template <typename A> void io(A& a, Text& x) {
  a(x.value, x.pos);
}
template <typename A> void io(A& a, Number& x) {
  a(x.value, x.pos, x.decimals);
}
template <typename A> void io(A& a, Range& x) {
  a(x.low, x.high);
}
template <typename A> void io(A& a, Ref& x) {
  a(x.owner, x.objective, x.kr, x.pos);
}
template <typename A> void io(A& a, KeyResult& x) {
  a(x.id, x.title, x.type, x.baseline, x.target, x.stay_above, x.stay_below, x.stay_between,
    x.milestone, x.unit, x.weight, x.owner, x.metric, x.contributes_to, x.pos, x.has_schema_errors);
}
template <typename A> void io(A& a, Objective& x) {
  a(x.id, x.title, x.shared, x.aligns_to, x.weight, x.depends_on, x.initiatives, x.key_results,
    x.pos);
}
template <typename A> void io(A& a, Kpi& x) {
  a(x.id, x.title, x.unit, x.stay_above, x.stay_below, x.stay_between, x.metric, x.pos);
}
template <typename A> void io(A& a, OkrFile& x) {
  a(x.cycle, x.owner, x.name, x.level, x.level_pos, x.parent, x.is_private, x.cadence_days,
    x.objectives, x.kpis, x.pos);
}
template <typename A> void io(A& a, Checkin& x) {
  a(x.owner, x.cycle, x.date, x.date_pos, x.author, x.kind, x.confidence, x.status, x.results,
    x.kpis, x.issues, x.plan, x.attractors, x.detractors, x.learned, x.pos);
}
template <typename A> void io(A& a, Diagnostic& x) {
  a(x.file, x.line, x.column, x.severity, x.rule, x.message);
}
template <typename A> void io(A& a, ListedFolder& x) {
  a(x.path, x.device, x.inode, x.mtime_ns, x.ctime_ns, x.folders, x.files);
}
template <typename A> void io(A& a, Suppression& x) {
  a(x.line, x.column, x.rule, x.reason);
}
template <typename A> void io(A& a, FileResult& x) {
  a(x.okr, x.checkin, x.diagnostics, x.suppressions);
}

namespace {
/// An archive that only counts the fields io() lists.
struct FieldCounter {
  std::size_t count = 0;
  template <typename... T> void operator()(T&...) { count += sizeof...(T); }
};
template <typename T> std::size_t fields_listed() {
  FieldCounter counter;
  T x{};
  io(counter, x);
  return counter.count;
}
} // namespace

EncodedFields encoded_fields() {
  return {fields_listed<KeyResult>(), fields_listed<Objective>(), fields_listed<Kpi>(),
          fields_listed<OkrFile>(),   fields_listed<Checkin>(),   fields_listed<Diagnostic>()};
}

namespace {

constexpr std::string_view k_magic = "OKRCACHE";
constexpr std::uint32_t k_format = 9;

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
  void put(std::uint8_t v) { m_b.push_back(static_cast<char>(v)); }
  void put(std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  void put(Symbol s) { put(s.view()); }
  void put(const ResultValue& x) {
    const Pos key = x.key_pos(0);
    const Pos value = x.pos(0);
    (*this)(x.key, key.line, key.column, value.line, value.column, x.kind());
    if (x.kind() == ResultValue::Kind::number) {
      (*this)(*x.number(), x.decimals());
    }
  }
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
  template <typename T> void put(const Boxed<T>& o) {
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
  std::size_t left() const { return m_d.size() - m_p; }

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
  void get(std::uint8_t& v) {
    raw(&v, 1);
    m_ok = m_ok && v <= k_shortest;
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
  void get(Symbol& s) { s = Symbol(view()); }
  void get(ResultValue& x) {
    Pos key{m_file};
    Pos value{m_file};
    ResultValue::Kind kind{};
    const std::string_view text = view();
    (*this)(key.line, key.column, value.line, value.column, kind);
    x = ResultValue(text, key, value);
    if (kind == ResultValue::Kind::number) {
      double number = 0;
      std::uint8_t decimals = 0;
      (*this)(number, decimals);
      x.set_number(number, decimals);
    } else if (kind == ResultValue::Kind::done || kind == ResultValue::Kind::not_done) {
      x.set_done(kind == ResultValue::Kind::done);
    } else if (kind != ResultValue::Kind::none) {
      m_ok = false;
    }
  }
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
  template <typename T> void get(Boxed<T>& o) {
    std::optional<T> value; // the same bytes as a std::optional
    get(value);
    o = std::move(value);
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

/// The secret every cache file is authenticated with (cache_secret()).
using Secret = std::array<unsigned char, crypto_generichash_KEYBYTES>;

/// The end of every cache file: the size of what comes before it, a tag of that size alone
/// (so that a file of another size is refused before it is read) and a tag of everything.
constexpr std::size_t k_size_tag = 16;
constexpr std::size_t k_tag = crypto_generichash_BYTES; // 32
constexpr std::size_t k_trailer = 8 + k_size_tag + k_tag;

/// Keyed BLAKE2b (libsodium's crypto_generichash) over a stream of bytes given in pieces.
class Tag {
public:
  Tag(const Secret& key, std::size_t bytes) : m_bytes(bytes) {
    crypto_generichash_init(&m_state, key.data(), key.size(), bytes);
  }
  void update(std::string_view bytes) {
    crypto_generichash_update(&m_state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  }
  std::array<unsigned char, k_tag> value() {
    std::array<unsigned char, k_tag> out{};
    crypto_generichash_final(&m_state, out.data(), m_bytes);
    return out;
  }

private:
  crypto_generichash_state m_state{};
  std::size_t m_bytes;
};

/// The tag of a cache file's size alone.
std::array<unsigned char, k_tag> size_tag(const Secret& key, std::uint64_t size) {
  Tag tag(key, k_size_tag);
  tag.update("okr cache file of size ");
  tag.update(std::string_view(reinterpret_cast<const char*>(&size), sizeof size));
  return tag.value();
}

/// The key of this user's caches (cache_key_file()), made once with 32 random bytes; nullopt
/// when it cannot be trusted or made, or when okr does not know which binary it is (no build
/// id): then no cache is read or written. Read again each time (a few microseconds, a few
/// times a run), so that a key file replaced or made untrustworthy is seen at once.
std::optional<Secret> cache_secret() {
  // sodium_init() also picks the fastest BLAKE2b for this processor (once; then it only says
  // so).
  if (sys::build_id().empty() || sodium_init() < 0) {
    return std::nullopt;
  }
  const fs::path file = cache_key_file();
  if (file.empty()) {
    return std::nullopt;
  }
  std::string bytes;
  sys::PrivateFile found = sys::read_private_file(file, crypto_generichash_KEYBYTES, bytes);
  if (found == sys::PrivateFile::missing) {
    // Made whole beside its name and linked to it, never replacing one: of two processes
    // making it at once, both read the one that won.
    Secret fresh{};
    randombytes_buf(fresh.data(), fresh.size());
    sys::AtomicFile out(file,
                        sys::AtomicFile::Options{.mode = 0600, .sync = true, .make_folders = true});
    out.write(std::string_view(reinterpret_cast<const char*>(fresh.data()), fresh.size()));
    sodium_memzero(fresh.data(), fresh.size());
    out.create(file);
    found = sys::read_private_file(file, crypto_generichash_KEYBYTES, bytes);
  }
  std::optional<Secret> secret;
  if (found == sys::PrivateFile::read) {
    secret.emplace();
    std::memcpy(secret->data(), bytes.data(), secret->size());
  }
  sodium_memzero(bytes.data(), bytes.size());
  return secret;
}

/// The body of a cache file written by CheckedWriter (its bytes before the trailer); empty when
/// it is missing, truncated, damaged or not written with this user's key.
std::string read_checked(const fs::path& file);
/// Checks the open `file` written by CheckedWriter: the size of its body, or 0 when it is
/// truncated, damaged or was not written with this user's key. The trailer is read first: a
/// file whose size is not the one its authenticated trailer gives is refused without reading
/// the rest. The body goes to `keep` when given; otherwise it is read through a small buffer
/// and nothing is kept.
std::size_t read_checked(const sys::InputFile& file, std::string* keep);
} // namespace

/// Writes a cache file atomically (sys::AtomicFile), ending it with its authenticated trailer.
/// Errors are ignored (the temporary file is removed): the cache is an optimisation. Without
/// a key (cache_secret()), nothing is written.
class CheckedWriter {
public:
  explicit CheckedWriter(const fs::path& file) : m_secret(cache_secret()) {
    if (m_secret) {
      m_file = std::make_unique<sys::AtomicFile>(
          file, sys::AtomicFile::Options{.mode = 0600, .sync = false, .make_folders = true});
      m_tag.emplace(*m_secret, k_tag);
    }
  }
  void put(std::string_view bytes) {
    if (m_file) {
      m_tag->update(bytes);
      m_file->write(bytes);
      m_size += bytes.size();
    }
  }
  void commit();

private:
  std::optional<Secret> m_secret;
  std::unique_ptr<sys::AtomicFile> m_file;
  std::optional<Tag> m_tag;
  std::uint64_t m_size = 0;
};

FileStamp stamp_from(const sys::FileStatus& status) {
  FileStamp s;
  s.size = status.size;
  s.mtime_ns = status.mtime_ns;
  s.ctime_ns = status.ctime_ns;
  s.inode = status.inode;
  return s;
}

std::optional<FileStamp> stamp_of(const fs::path& path) {
  const auto status = sys::status_of(path);
  if (!status) {
    return std::nullopt;
  }
  return stamp_from(*status);
}

ContentHash content_hash(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return {h.low64, h.high64};
}

std::string ContentHash::hex() const {
  return fmt::format("{:016x}{:016x}", high, low);
}

std::uint64_t short_hash(std::string_view bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

fs::path cache_key_file() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg && xdg[0] == '/') {
    return fs::path(xdg) / "okr" / "key";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache" / "okr" / "key";
  }
  return {};
}

namespace {

std::size_t read_checked(const sys::InputFile& file, std::string* keep) {
  const std::optional<Secret> secret = cache_secret();
  const auto status = file.status();
  if (!secret || !status || status->size <= static_cast<std::int64_t>(k_trailer) ||
      status->size >= (std::int64_t{1} << 32)) {
    return 0;
  }
  const std::size_t body = static_cast<std::size_t>(status->size) - k_trailer;
  char trailer[k_trailer] = {};
  std::uint64_t declared = 0;
  if (file.read_at(body, trailer, k_trailer) != k_trailer) {
    return 0;
  }
  std::memcpy(&declared, trailer, 8);
  const auto want_size_tag = size_tag(*secret, declared);
  if (declared != body || sodium_memcmp(trailer + 8, want_size_tag.data(), k_size_tag) != 0) {
    return 0; // not a file okr wrote with this key at this size: not read any further
  }
  std::string piece;
  if (keep != nullptr) {
    keep->resize(body);
  } else {
    piece.resize(std::min(body, std::size_t{1} << 20));
  }
  Tag tag(*secret, k_tag);
  std::size_t done = 0;
  while (done < body) {
    char* to = keep != nullptr ? keep->data() + done : piece.data();
    const std::size_t want = keep != nullptr ? body - done : std::min(piece.size(), body - done);
    const std::size_t got = file.read_at(done, to, want);
    if (got == 0) {
      break;
    }
    tag.update(std::string_view(to, got));
    done += got;
  }
  tag.update(std::string_view(trailer, 8 + k_size_tag));
  const auto want_tag = tag.value();
  if (done != body || sodium_memcmp(trailer + 8 + k_size_tag, want_tag.data(), k_tag) != 0) {
    if (keep != nullptr) {
      keep->clear();
    }
    return 0;
  }
  return body;
}

std::string read_checked(const fs::path& file) {
  std::string buffer;
  const sys::InputFile input(file);
  if (input.is_open()) {
    read_checked(input, &buffer);
  }
  return buffer;
}

} // namespace

void CheckedWriter::commit() {
  if (!m_file) {
    return;
  }
  char trailer[8 + k_size_tag] = {};
  std::memcpy(trailer, &m_size, 8);
  std::memcpy(trailer + 8, size_tag(*m_secret, m_size).data(), k_size_tag);
  m_tag->update(std::string_view(trailer, sizeof trailer));
  const auto tag = m_tag->value();
  m_file->write(std::string_view(trailer, sizeof trailer));
  m_file->write(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
  m_file->replace();
}

std::uint64_t file_digest(std::uint64_t folder_hash, std::string_view name,
                          const FileStamp& stamp) {
  const std::uint64_t words[] = {folder_hash,
                                 short_hash(name),
                                 static_cast<std::uint64_t>(stamp.size),
                                 static_cast<std::uint64_t>(stamp.mtime_ns),
                                 static_cast<std::uint64_t>(stamp.ctime_ns),
                                 stamp.inode};
  return short_hash(std::string_view(reinterpret_cast<const char*>(words), sizeof words));
}

std::uint64_t files_digest(std::uint64_t settings, std::uint64_t sum, std::uint64_t count) {
  const std::uint64_t words[] = {settings, sum, count};
  return short_hash(std::string_view(reinterpret_cast<const char*>(words), sizeof words));
}

// Pages are given back in pieces of this size, the ones this far behind the latest entry used.
constexpr std::size_t k_release_piece = std::size_t{4} << 20;

Cache::Cache(fs::path file, std::string key, Reading reading)
    : m_file(std::move(file)), m_key(std::move(key)) {
  const sys::InputFile input(m_file);
  if (!input.is_open()) {
    return;
  }
  if (reading == Reading::automatic && input.on_local_file_system()) {
    // Checked through a small buffer, then mapped: okr replaces the file by rename, never
    // rewrites it in place, so the mapped bytes stay the ones checked.
    const std::size_t size = read_checked(input, nullptr);
    if (size > 0) {
      m_map = sys::MappedFile(input, size);
      m_data = m_map.data();
      m_size = m_map.size();
      m_mapped = static_cast<bool>(m_map);
    }
  } else {
    // A page of a network file system can fail to read back (a stale handle once another host
    // replaced the file): that would stop okr with SIGBUS. Read into memory, it can only fail
    // here, and cost a rebuild.
    read_checked(input, &m_buffer);
    m_data = m_buffer.empty() ? nullptr : m_buffer.data();
    m_size = m_buffer.size();
  }
  if (m_data == nullptr) {
    return;
  }
  const std::string_view body(m_data, m_size);
  In in(body, 0);
  char magic[8] = {};
  std::uint32_t format = 0;
  in.raw(magic, sizeof magic);
  in.get(format);
  if (!in.ok() || std::string_view(magic, 8) != k_magic || format != k_format ||
      in.view() != m_key) {
    unmap();
    return;
  }
  in.get(m_written_at_ns);
  m_entries.reserve(body.size() / 1024);
  // Each entry follows a 1; a 0 ends them (the writer streams them and knows no count first).
  for (bool more = true; in.ok();) {
    in.get(more);
    if (!more) {
      break;
    }
    const std::string_view path = in.view();
    Entry e;
    in(e.stamp.size, e.stamp.mtime_ns, e.stamp.ctime_ns, e.stamp.inode, e.hash);
    e.payload = in.view();
    if (in.ok()) {
      m_entries.emplace(path, e);
      done_with(e.payload);
    }
  }
  if (!in.ok() || !in.done()) {
    m_entries.clear();
    unmap();
    return;
  }
  // Read from the start again as files are loaded.
  m_map.release(0, m_map.size());
  m_piece = 0;
}

Cache::~Cache() {
  unmap();
}

Cache::Cache(Cache&& other) noexcept
    : m_file(std::move(other.m_file)), m_key(std::move(other.m_key)),
      m_buffer(std::move(other.m_buffer)), m_map(std::move(other.m_map)), m_data(other.m_data),
      m_size(other.m_size), m_mapped(other.m_mapped), m_piece(other.m_piece.load()),
      m_written_at_ns(other.m_written_at_ns), m_entries(std::move(other.m_entries)) {
  // A moved std::string keeps its heap block (the entries' views), and a cache file is never
  // short enough to sit inside the string itself.
  other.m_data = nullptr;
  other.m_size = 0;
  other.m_mapped = false;
  other.m_entries.clear();
}

void Cache::unmap() {
  m_map = sys::MappedFile();
  std::string().swap(m_buffer);
  m_data = nullptr;
  m_size = 0;
  m_mapped = false;
}

void Cache::done_with(std::string_view payload) const {
  const auto at = reinterpret_cast<std::uintptr_t>(payload.data());
  const auto base = reinterpret_cast<std::uintptr_t>(m_data);
  if (!m_mapped || at < base || at > base + m_size) {
    return;
  }
  // Pieces are numbered from 1; when the latest piece used moves forward, the pieces from
  // the one before the old latest up to the one before the new latest are given back (the
  // one just behind stays: other threads may still be in it). Moving backward, as a second
  // pass over the entries does, gives back nothing until it moves forward again.
  const std::size_t piece = (at - base) / k_release_piece;
  const std::size_t last = m_piece.exchange(piece + 1, std::memory_order_relaxed);
  if (last == 0 || piece + 1 <= last) {
    return;
  }
  const std::size_t from = (last >= 2 ? last - 2 : 0) * k_release_piece;
  const std::size_t upto = (piece > 0 ? piece - 1 : 0) * k_release_piece;
  m_map.release(from, upto);
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

std::string Cache::encode(const FileResult& result) {
  std::string payload;
  encode(result, payload);
  return payload;
}

void Cache::encode(const FileResult& result, std::string& out) {
  out.clear();
  Out o(out);
  o.put(result);
}

Cache::Writer::Writer(const Cache& cache, std::int64_t run_start_ns)
    : m_file(std::make_unique<CheckedWriter>(cache.m_file)) {
  Out o(m_head);
  o.raw(k_magic.data(), k_magic.size());
  o(k_format, std::string_view(cache.m_key), run_start_ns);
  m_file->put(m_head);
  m_head.clear();
}

Cache::Writer::~Writer() = default;

void Cache::Writer::add(const NewEntry& e) {
  Out o(m_head);
  o(true, e.path, e.entry.stamp.size, e.entry.stamp.mtime_ns, e.entry.stamp.ctime_ns,
    e.entry.stamp.inode, e.entry.hash, static_cast<std::uint32_t>(e.entry.payload.size()));
  m_file->put(m_head);
  m_file->put(e.entry.payload);
  m_head.clear();
  ++m_count;
}

void Cache::Writer::commit() {
  m_file->put(std::string_view("\0", 1));
  m_file->commit();
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

namespace {

constexpr std::string_view k_record_magic = "OKRCHECK";
constexpr std::uint32_t k_record_format = 4;

fs::path record_file(const fs::path& cache_dir, const std::string& root) {
  return cache_dir / fmt::format("run-{}.bin", loader::content_hash(root).hex());
}

std::string record_key(const std::string& root, const std::string& key) {
  return fmt::format("okr {} build {}\nroot {}\n{}", version(), sys::build_id(), root, key);
}

/// Whether the folders of a record are as a listing writes them: sorted by path, and every
/// name a plain name. A damaged record that passed its checksum could otherwise send the scan
/// out of the repository, or round in a circle ("" below "").
bool plain_folders(const std::vector<ListedFolder>& folders) {
  auto plain = [](const std::string& name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find_first_of(std::string_view("/\0", 2)) == std::string::npos;
  };
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (i > 0 && !(folders[i - 1].path < folders[i].path)) {
      return false;
    }
    if (!std::all_of(folders[i].folders.begin(), folders[i].folders.end(), plain) ||
        !std::all_of(folders[i].files.begin(), folders[i].files.end(), plain)) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<CheckRecord> read_check_record(const fs::path& cache_dir, const fs::path& root,
                                             const std::string& key,
                                             const std::function<bool(std::string_view)>& wanted,
                                             const DiskStamp* now, bool due) {
  if (cache_dir.empty()) {
    return std::nullopt;
  }
  std::error_code ec;
  const std::string absolute = fs::absolute(root, ec).string();
  const std::string buffer = loader::read_checked(record_file(cache_dir, absolute));
  if (buffer.empty()) {
    return std::nullopt;
  }
  loader::In in(buffer, 0);
  char magic[8] = {};
  std::uint32_t format = 0;
  in.raw(magic, sizeof magic);
  in.get(format);
  if (!in.ok() || std::string_view(magic, 8) != k_record_magic || format != k_record_format ||
      in.view() != record_key(absolute, key)) {
    return std::nullopt;
  }
  DiskStamp then;
  std::uint32_t folder_count = 0;
  in(then.digest, then.taken_ns, then.newest_change_ns, folder_count);
  // Each folder takes 44 bytes at least: a damaged count cannot ask for more than that.
  if (!in.ok() || folder_count > in.left() / 44) {
    return std::nullopt;
  }
  std::vector<ListedFolder> folders(folder_count);
  for (ListedFolder& folder : folders) {
    in.get(folder);
  }
  if (!in.ok() || !plain_folders(folders)) {
    return std::nullopt;
  }
  std::optional<Scan> scan;
  if (!now) {
    scan = scan_repository(root, folders);
    if (!scan) {
      return std::nullopt;
    }
    now = &scan->stamp;
  }
  // A file changed this close to the run that wrote the record may have changed again since
  // without its stamp showing it: only a full run can tell.
  if (then.digest != now->digest || then.newest_change_ns != now->newest_change_ns ||
      now->newest_change_ns >= then.taken_ns - loader::k_racy_ns) {
    return std::nullopt;
  }
  CheckRecord record;
  std::uint32_t count = 0;
  in.get(count);
  // Each path at least its length's 4 bytes: a damaged count cannot ask for more than that.
  if (!in.ok() || count > buffer.size() / 5) {
    return std::nullopt;
  }
  if (!wanted) {
    record.files.reserve(count);
  }
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    const std::string_view path = in.view();
    FileKind kind = FileKind::other;
    in.get(kind);
    if (!wanted || wanted(path)) {
      SourceFile& file = record.files.emplace_back();
      file.path = path;
      file.kind = kind;
    }
  }
  in(record.ignore, record.diagnostics);
  // What `okr due` reads, decoded only for it.
  const std::string_view due_section = in.view();
  if (!in.ok() || !in.done()) {
    return std::nullopt;
  }
  if (due) {
    loader::In section(due_section, 0);
    std::uint32_t n = 0;
    section.get(n);
    // Each OKR file takes 40 bytes at least: a damaged count cannot ask for more than that.
    if (!section.ok() || n > section.left() / 40) {
      return std::nullopt;
    }
    record.due_files.resize(n);
    record.due_facts.resize(n);
    for (std::uint32_t i = 0; i < n && section.ok(); ++i) {
      OkrFile& file = record.due_files[i];
      CheckinFacts& facts = record.due_facts[i];
      std::int64_t cadence = 0;
      section(file.owner, file.name, file.level, file.cycle, file.is_private, cadence,
              facts.cycle.id, facts.cycle.start, facts.cycle.end, facts.dates);
      facts.level = file.level;
      facts.cadence = static_cast<int>(cadence);
    }
    if (!section.ok() || !section.done()) {
      return std::nullopt;
    }
  }
  record.root = absolute;
  return record;
}

bool check_record_exists(const fs::path& cache_dir, const fs::path& root) {
  std::error_code ec;
  return !cache_dir.empty() &&
         fs::exists(record_file(cache_dir, fs::absolute(root, ec).string()), ec);
}

void write_check_record(const fs::path& cache_dir, const std::string& root, const DiskStamp& stamp,
                        const std::vector<ListedFolder>& folders, const std::string& key,
                        const std::vector<SourceFile>& files,
                        const std::vector<std::string>& ignore,
                        const std::vector<Diagnostic>& diagnostics,
                        const std::vector<DueSubject>& due) {
  if (cache_dir.empty() || stamp.newest_change_ns >= stamp.taken_ns - loader::k_racy_ns) {
    return; // it could not be trusted: do not write what would never be read
  }
  // Streamed finding by finding: a repository with 100,000s of findings never holds their
  // encoding in memory.
  loader::CheckedWriter writer(record_file(cache_dir, root));
  std::string buffer;
  loader::Out o(buffer);
  o.raw(k_record_magic.data(), k_record_magic.size());
  o(k_record_format, record_key(root, key), stamp.digest, stamp.taken_ns, stamp.newest_change_ns,
    static_cast<std::uint32_t>(folders.size()));
  for (const ListedFolder& folder : folders) {
    if (buffer.size() > 60'000) {
      writer.put(buffer);
      buffer.clear();
    }
    o.put(folder);
  }
  o(static_cast<std::uint32_t>(files.size()));
  for (const SourceFile& file : files) {
    if (buffer.size() > 60'000) {
      writer.put(buffer);
      buffer.clear();
    }
    o(std::string_view(file.path), file.kind);
  }
  o(ignore, static_cast<std::uint32_t>(diagnostics.size()));
  for (const Diagnostic& d : diagnostics) {
    if (buffer.size() > 60'000) {
      writer.put(buffer);
      buffer.clear();
    }
    o.put(d);
  }
  writer.put(buffer);
  buffer.clear();
  // What `okr due` reads, as one section its reader can skip.
  std::string section;
  loader::Out s(section);
  s.put(static_cast<std::uint32_t>(due.size()));
  for (const DueSubject& subject : due) {
    const OkrFile& file = *subject.file;
    const CheckinFacts& facts = subject.facts;
    s(file.owner, file.name, file.level, file.cycle, file.is_private,
      static_cast<std::int64_t>(facts.cadence), facts.cycle.id, facts.cycle.start, facts.cycle.end,
      facts.dates);
  }
  o.put(std::string_view(section));
  writer.put(buffer);
  writer.commit();
}

} // namespace okr
