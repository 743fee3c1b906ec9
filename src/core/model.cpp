#include <charconv>

#include <okr/model.hpp>
#include <okr/text.hpp>

namespace okr {

std::string Ref::str() const {
  std::string s = owner + "/" + objective;
  if (!kr.empty()) {
    s += "/" + kr;
  }
  return s;
}

std::string_view to_string(Level level) {
  switch (level) {
  case Level::company:
    return "company";
  case Level::unit:
    return "unit";
  case Level::team:
    return "team";
  case Level::individual:
    return "individual";
  }
  return "team";
}

std::string_view to_string(KrType type) {
  switch (type) {
  case KrType::committed:
    return "committed";
  case KrType::stretch:
    return "stretch";
  case KrType::experimental:
    return "experimental";
  }
  return "stretch";
}

std::string_view to_string(Status status) {
  switch (status) {
  case Status::on_track:
    return "on-track";
  case Status::behind:
    return "behind";
  case Status::at_risk:
    return "at-risk";
  }
  return "on-track";
}

std::string_view to_string(Measure measure) {
  switch (measure) {
  case Measure::progress:
    return "progress";
  case Measure::stay_above:
    return "stay_above";
  case Measure::stay_below:
    return "stay_below";
  case Measure::stay_between:
    return "stay_between";
  case Measure::milestone:
    return "milestone";
  case Measure::none:
    break;
  }
  return "none";
}

std::string_view to_string(CheckinKind kind) {
  return kind == CheckinKind::retro ? "retro" : "checkin";
}

int cadence_days(const Config& config, const OkrFile& file) {
  if (file.cadence_days) {
    return static_cast<int>(file.cadence_days->value);
  }
  const auto level = static_cast<std::size_t>(file.level);
  if (level < config.cadence_by_level.size() && config.cadence_by_level[level]) {
    return *config.cadence_by_level[level];
  }
  return config.cadence_days;
}

Measure KeyResult::measure() const {
  const int progress = (baseline || target) ? 1 : 0;
  const int kinds = progress + (stay_above ? 1 : 0) + (stay_below ? 1 : 0) +
                    (stay_between ? 1 : 0) + (milestone ? 1 : 0);
  if (kinds != 1) {
    return Measure::none;
  }
  if (progress) {
    return baseline && target ? Measure::progress : Measure::none;
  }
  if (stay_above) {
    return Measure::stay_above;
  }
  if (stay_below) {
    return Measure::stay_below;
  }
  if (stay_between) {
    return Measure::stay_between;
  }
  return Measure::milestone;
}

static bool parse_int(std::string_view text, int& out) {
  if (text.empty()) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::optional<Cycle> infer_cycle(std::string_view id) {
  int year = 0;
  if (id.size() < 4 || !parse_int(id.substr(0, 4), year) || year < 1) {
    return std::nullopt;
  }
  auto make = [&](int m1, int m2) -> std::optional<Cycle> {
    Cycle cycle;
    cycle.id = std::string(id);
    cycle.start = *Date::from_ymd(year, m1, 1);
    cycle.end = *Date::from_ymd(year, m2, days_in_month(year, m2));
    return cycle;
  };
  if (id.size() == 4) {
    return make(1, 12);
  }
  if (id[4] != '-' || id.size() < 7) {
    return std::nullopt;
  }
  const std::string_view rest = id.substr(5);
  int n = 0;
  if (rest.size() == 2 && rest[0] == 'Q' && parse_int(rest.substr(1), n) && n >= 1 && n <= 4) {
    return make(3 * n - 2, 3 * n);
  }
  if (rest.size() == 2 && rest[0] == 'H' && parse_int(rest.substr(1), n) && n >= 1 && n <= 2) {
    return make(6 * n - 5, 6 * n);
  }
  if (rest.size() == 3 && rest[0] == 'M' && parse_int(rest.substr(1), n) && n >= 1 && n <= 12) {
    return make(n, n);
  }
  return std::nullopt;
}

std::optional<Cycle> Repository::find_cycle(std::string_view id) const {
  for (const Cycle& cycle : config.cycles) {
    if (cycle.id == id) {
      return cycle;
    }
  }
  return infer_cycle(id);
}

int checkin_sequence(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    name = name.substr(0, dot);
  }
  // YYYY-MM-DD is 10 characters; "-n" may follow.
  if (name.size() <= 11 || name[10] != '-') {
    return 1;
  }
  int n = 0;
  for (const char c : name.substr(11)) {
    if (c < '0' || c > '9' || n > 100000000) {
      return 1;
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

Pos measure_pos(const KeyResult& kr, std::string_view field) {
  const std::pair<std::string_view, const Number*> numbers[] = {
      {"baseline", kr.baseline ? &*kr.baseline : nullptr},
      {"target", kr.target ? &*kr.target : nullptr},
      {"stay_above", kr.stay_above ? &*kr.stay_above : nullptr},
      {"stay_below", kr.stay_below ? &*kr.stay_below : nullptr},
  };
  for (const auto& [name, number] : numbers) {
    if (name == field && number) {
      return number->pos;
    }
  }
  if (field == "stay_between" && kr.stay_between) {
    return kr.stay_between->low.pos;
  }
  if (field == "milestone" && kr.milestone) {
    return *kr.milestone;
  }
  return kr.pos;
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

} // namespace

std::vector<Suppression> find_suppressions(std::string_view text) {
  constexpr std::string_view k_marker = k_suppression_marker;
  std::vector<Suppression> out;
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  std::size_t at = text.find(k_marker);
  while (at != std::string_view::npos) {
    for (std::size_t i = line_start; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::size_t hash = at;
    while (hash > line_start && is_space(text[hash - 1])) {
      --hash;
    }
    const bool comment = hash > line_start && text[hash - 1] == '#' &&
                         (hash - 1 == line_start || is_space(text[hash - 2]));
    const std::size_t open = at + k_marker.size();
    const std::size_t close = text.find_first_of("]\n", open);
    if (comment && close != std::string_view::npos && text[close] == ']') {
      std::size_t reason_end = text.find('\n', close);
      reason_end = reason_end == std::string_view::npos ? text.size() : reason_end;
      std::size_t reason_start = close + 1;
      while (reason_start < reason_end && is_space(text[reason_start])) {
        ++reason_start;
      }
      while (reason_end > reason_start &&
             (is_space(text[reason_end - 1]) || text[reason_end - 1] == '\r')) {
        --reason_end;
      }
      const std::string_view reason = text.substr(reason_start, reason_end - reason_start);
      std::size_t i = open;
      while (i < close) {
        while (i < close && (is_space(text[i]) || text[i] == ',')) {
          ++i;
        }
        const std::size_t start = i;
        while (i < close && !is_space(text[i]) && text[i] != ',') {
          ++i;
        }
        if (i > start) {
          const auto column = static_cast<std::uint32_t>(
              utf8_length(text.substr(line_start, start - line_start)) + 1);
          out.push_back(
              {0, line, column, std::string(text.substr(start, i - start)), std::string(reason)});
        }
      }
    }
    at = text.find(k_marker, open);
  }
  return out;
}

} // namespace okr
