// "Nearly the same": normalised title words, their Jaccard similarity, and the indexed search
// for similar pairs (no all-pairs comparison).

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <unordered_map>

#include <okr/alignment.hpp>

namespace okr {

namespace {

/// Words that say nothing about what an objective is about. Sorted, for binary search.
constexpr std::string_view k_stop_words[] = {
    "a",     "about", "after", "all",   "also", "an",   "and",   "any",   "are",  "as",    "at",
    "be",    "been",  "being", "both",  "but",  "by",   "can",   "could", "did",  "do",    "does",
    "each",  "every", "for",   "from",  "had",  "has",  "have",  "her",   "his",  "how",   "i",
    "if",    "in",    "into",  "is",    "it",   "its",  "just",  "let",   "me",   "more",  "most",
    "my",    "no",    "nor",   "not",   "of",   "on",   "once",  "only",  "or",   "other", "our",
    "ours",  "out",   "over",  "own",   "per",  "so",   "some",  "such",  "than", "that",  "the",
    "their", "them",  "then",  "these", "they", "this", "those", "to",    "too",  "up",    "us",
    "very",  "was",   "we",    "were",  "will", "with", "your",
};

bool is_stop_word(std::string_view word) {
  return std::binary_search(std::begin(k_stop_words), std::end(k_stop_words), word);
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() &&
         word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string stem(std::string word) {
  if (word.size() > 4 && ends_with(word, "ies")) {
    word.replace(word.size() - 3, 3, "y");
  } else if (word.size() > 5 && ends_with(word, "ing")) {
    word.resize(word.size() - 3);
  } else if (word.size() > 4 && ends_with(word, "ed")) {
    word.resize(word.size() - 2);
  } else if (word.size() > 3 && ends_with(word, "s") && !ends_with(word, "ss") &&
             !ends_with(word, "us") && !ends_with(word, "is")) {
    word.resize(word.size() - 1);
  }
  return word;
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

} // namespace

TitleWords title_words(std::string_view title) {
  TitleWords words;
  std::size_t i = 0;
  while (i < title.size()) {
    if (!is_word_byte(static_cast<unsigned char>(title[i]))) {
      ++i;
      continue;
    }
    std::string word;
    while (i < title.size() && is_word_byte(static_cast<unsigned char>(title[i]))) {
      const char c = title[i++];
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const bool letter = !(word[0] >= '0' && word[0] <= '9');
    if ((letter && word.size() == 1) || is_stop_word(word)) {
      continue;
    }
    words.emplace_back(stem(std::move(word)));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

double similarity(std::span<const Symbol> a, std::span<const Symbol> b) {
  if (a.empty() || b.empty()) {
    return 0;
  }
  std::size_t shared = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) {
      ++shared;
      ++i;
      ++j;
    } else if (*i < *j) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

std::vector<SimilarPair>
similar_pairs(std::span<const TitleWords> lists, double threshold,
              const std::function<bool(std::size_t, std::size_t)>& accept) {
  // Words as numbers, and how many lists hold each.
  std::unordered_map<std::string_view, std::uint32_t> word_id;
  std::vector<std::size_t> frequency;
  std::vector<std::vector<std::uint32_t>> ids(lists.size());
  for (std::size_t n = 0; n < lists.size(); ++n) {
    for (const Symbol word : lists[n]) {
      const auto [it, inserted] =
          word_id.emplace(word.view(), static_cast<std::uint32_t>(frequency.size()));
      if (inserted) {
        frequency.push_back(0);
      }
      ++frequency[it->second];
      ids[n].push_back(it->second);
    }
  }
  // Order each list rarest word first (ties by word id, so the order is deterministic).
  auto rarer = [&](std::uint32_t x, std::uint32_t y) {
    return frequency[x] != frequency[y] ? frequency[x] < frequency[y] : x < y;
  };
  std::vector<std::vector<std::size_t>> postings(frequency.size());
  std::vector<std::size_t> seen(lists.size(), lists.size());
  std::vector<SimilarPair> pairs;
  for (std::size_t n = 0; n < lists.size(); ++n) {
    auto& words = ids[n];
    if (words.empty()) {
      continue;
    }
    std::sort(words.begin(), words.end(), rarer);
    const auto size = static_cast<double>(words.size());
    const auto needed = static_cast<std::size_t>(std::ceil(threshold * size - 1e-9));
    const std::size_t prefix = std::min(words.size(), words.size() - needed + 1);
    for (std::size_t k = 0; k < prefix; ++k) {
      const std::uint32_t word = words[k];
      if (frequency[word] > k_common_word) {
        continue;
      }
      for (const std::size_t other : postings[word]) {
        if (seen[other] == n) {
          continue;
        }
        seen[other] = n;
        if (!accept(other, n)) {
          continue;
        }
        const double s = similarity(lists[other], lists[n]);
        if (s >= threshold) {
          pairs.push_back({other, n, s});
        }
      }
      postings[word].push_back(n);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const SimilarPair& x, const SimilarPair& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return pairs;
}

} // namespace okr
