// okr-yaml-floor: the cost of the YAML library itself. Reads every *.yaml / *.yml file below
// the given folders, parses it with YAML::Load and walks every node, on one thread, and does
// nothing else. okr's own work is measured against this floor (bench/run, BENCHMARKS.md).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;

namespace {

/// Visits every node; returns how many, so that nothing can be optimised away.
std::size_t walk(const YAML::Node& node) {
  std::size_t n = 1;
  switch (node.Type()) {
  case YAML::NodeType::Sequence:
    for (const YAML::Node& item : node) {
      n += walk(item);
    }
    break;
  case YAML::NodeType::Map:
    for (const auto& entry : node) {
      n += walk(entry.first) + walk(entry.second);
    }
    break;
  default:
    break;
  }
  return n;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: okr-yaml-floor FOLDER|FILE...\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path start = argv[i];
    if (fs::is_regular_file(start)) {
      files.push_back(start);
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(start)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
        files.push_back(entry.path());
      }
    }
  }
  std::size_t nodes = 0;
  std::size_t bytes = 0;
  std::size_t failed = 0;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    bytes += s.size();
    try {
      nodes += walk(YAML::Load(s));
    } catch (const YAML::Exception&) {
      ++failed;
    }
  }
  std::printf("%zu files, %zu bytes, %zu nodes, %zu not parsed\n", files.size(), bytes, nodes,
              failed);
  return failed == 0 ? 0 : 1;
}
