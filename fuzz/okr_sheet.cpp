// Fuzzes the reader of OKR spreadsheets (okr import --okrs): any bytes must give OKR files or
// findings, never a crash; never both; every finding at a line and column; and a file made from
// rows without findings must load back (a finding that it would not is a bug of the emitter).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <okr/okr_sheet.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  okr::SheetRequest request;
  request.cycle = "2027-Q1";
  const okr::SheetPlan plan = okr::plan_okr_sheet(text, "okrs.csv", request);
  if (!plan.findings.empty() && !plan.files.empty()) {
    std::abort();
  }
  for (const okr::Diagnostic& d : plan.findings) {
    // The emitter's own finding starts so; no other does (the others quote the sheet's text
    // after fixed words, or start with an id, which has no space).
    if (d.line == 0 || d.column == 0 || d.rule != "okr-sheet" ||
        d.message.starts_with("the file made for ")) {
      std::abort();
    }
  }
  return 0;
}
