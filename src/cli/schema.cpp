// okr schema [okr|checkin|config]: print the JSON Schema (draft-07) of a kind of file, for
// editors (the YAML language server) and other tools.

#include <array>
#include <iostream>

#include "command.hpp"

namespace okr::cli {

extern const std::string_view k_schema_okr;
extern const std::string_view k_schema_checkin;
extern const std::string_view k_schema_config;

namespace {

struct SchemaOptions {
  std::string kind = "okr";
};

} // namespace

Runner setup_schema(CLI::App& app) {
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* sub = app.add_subcommand("schema", "Print the JSON Schema of OKR files, check-in "
                                               "files or okr.yaml, for editors");
  sub->add_option("kind", options->kind,
                  "okr (an OKR file, the default), checkin (a check-in file) or config (okr.yaml)")
      ->check(CLI::IsMember({"okr", "checkin", "config"}));
  sub->footer("Examples:\n"
              "  okr schema okr > .okr/okr.schema.json\n"
              "  okr schema checkin > .okr/checkin.schema.json\n\n"
              "Then start each OKR file with the modeline\n"
              "  # yaml-language-server: $schema=../../.okr/okr.schema.json\n"
              "(a path relative to the file, or a URL). See okr-schema(1).");
  return [options] {
    const std::array<std::pair<std::string_view, std::string_view>, 3> schemas = {
        {{"okr", k_schema_okr}, {"checkin", k_schema_checkin}, {"config", k_schema_config}}};
    for (const auto& [kind, text] : schemas) {
      if (kind == options->kind) {
        std::cout << text;
      }
    }
    return k_ok;
  };
}

} // namespace okr::cli
