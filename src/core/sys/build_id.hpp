#pragma once

// Which binary is running: the GNU build id the linker wrote into it (ld --build-id), a hash of
// its whole contents, so that two builds differ in it whenever their code or text does.

#include <string_view>

namespace okr::sys {

/// The running executable's NT_GNU_BUILD_ID note, in lowercase hex; empty when it has none.
/// Read once (dl_iterate_phdr(3), which a static binary answers too).
std::string_view build_id();

} // namespace okr::sys
