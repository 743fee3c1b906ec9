// GSSAPI (Kerberos) as unavailable, for the static link only. libgit2.a refers to it for the
// SPNEGO authentication of its HTTP transport, and Debian ships no static Kerberos library.
// okr reads local repositories and never opens a transport, so these are never called; were one
// called, it answers GSS_S_UNAVAILABLE as a library without a mechanism would.

#include <cstdint>

extern "C" {

using OM_uint32 = std::uint32_t;
struct gss_OID_desc_struct {
  OM_uint32 length;
  const void* elements;
};

namespace {
constexpr OM_uint32 k_unavailable = 16u << 16; // GSS_S_UNAVAILABLE
// 1.2.840.113554.1.2.1.4, as RFC 2744 defines GSS_C_NT_HOSTBASED_SERVICE.
gss_OID_desc_struct g_host_based{10, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
OM_uint32 unavailable(OM_uint32* minor) {
  if (minor) {
    *minor = 0;
  }
  return k_unavailable;
}
OM_uint32 released(OM_uint32* minor) {
  if (minor) {
    *minor = 0;
  }
  return 0;
}
} // namespace

gss_OID_desc_struct* GSS_C_NT_HOSTBASED_SERVICE = &g_host_based;

OM_uint32 gss_init_sec_context(OM_uint32* minor, ...) {
  return unavailable(minor);
}
OM_uint32 gss_delete_sec_context(OM_uint32* minor, void*, void*) {
  return unavailable(minor);
}
OM_uint32 gss_display_status(OM_uint32* minor, OM_uint32, int, void*, OM_uint32*, void*) {
  return unavailable(minor);
}
OM_uint32 gss_import_name(OM_uint32* minor, void*, void*, void*) {
  return unavailable(minor);
}
OM_uint32 gss_indicate_mechs(OM_uint32* minor, void*) {
  return unavailable(minor);
}
OM_uint32 gss_release_buffer(OM_uint32* minor, void*) {
  return released(minor);
}
OM_uint32 gss_release_name(OM_uint32* minor, void*) {
  return released(minor);
}
OM_uint32 gss_release_oid_set(OM_uint32* minor, void*) {
  return released(minor);
}

} // extern "C"
