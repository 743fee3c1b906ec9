#include "rules/kr_score.hpp"

#include <algorithm>

namespace okr::rules {

std::optional<KrScore> latest_score(const Index& index, const OkrFile& file,
                                    std::string_view objective_id, const KeyResult& kr) {
  std::string key(objective_id);
  key += '/';
  key += kr.id.value;
  const ResultValue* latest = nullptr;
  Date date;
  for (const Checkin* checkin : index.checkins_of(file.owner.value, file.cycle.value)) {
    for (const ResultValue& result : checkin->results) {
      if (result.key == key && result.kind() != ResultValue::Kind::none) {
        latest = &result; // check-ins come oldest first: the last one wins
        date = checkin->date;
      }
    }
  }
  if (!latest) {
    return std::nullopt;
  }
  KrScore out;
  out.date = date;
  out.decimals = latest->decimals();
  switch (kr.measure()) {
  case Measure::milestone:
    if (!latest->done()) {
      return std::nullopt;
    }
    out.value = *latest->done() ? 1 : 0;
    out.score = out.value;
    return out;
  case Measure::progress: {
    if (!latest->number()) {
      return std::nullopt;
    }
    out.value = *latest->number();
    const double span = kr.target->value - kr.baseline->value;
    out.score = span == 0 ? (out.value == kr.target->value ? 1 : 0)
                          : std::clamp((out.value - kr.baseline->value) / span, 0.0, 1.0);
    return out;
  }
  case Measure::stay_above:
    if (!latest->number()) {
      return std::nullopt;
    }
    out.value = *latest->number();
    out.score = out.value >= kr.stay_above->value ? 1 : 0;
    return out;
  case Measure::stay_below:
    if (!latest->number()) {
      return std::nullopt;
    }
    out.value = *latest->number();
    out.score = out.value <= kr.stay_below->value ? 1 : 0;
    return out;
  case Measure::stay_between:
    if (!latest->number()) {
      return std::nullopt;
    }
    out.value = *latest->number();
    out.score = kr.stay_between->contains(out.value) ? 1 : 0;
    return out;
  case Measure::none:
    break;
  }
  return std::nullopt;
}

} // namespace okr::rules
