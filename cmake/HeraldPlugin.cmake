# herald_add_plugin(<kind>-<name> SOURCES ... [LIBRARIES ...])
# Builds plugins/<kind>-<name> as MODULE library `herald-<kind>-<name>.so`: hidden visibility,
# -Wl,--no-undefined, linked only against the SDK (never the kernel), installed to lib/herald/plugins.
function(herald_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target herald-${name})
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE Herald::sdk ${P_LIBRARIES})
  herald_set_warnings(${target})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${HERALD_PLUGIN_OUTPUT_DIR})
  # g++ marks some template statics STB_GNU_UNIQUE in unoptimized builds; glibc never unloads such a
  # library, so plugins are built without them (the loader tests check the library really unloads).
  target_compile_options(${target} PRIVATE -fno-gnu-unique)
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/herald/plugins)
endfunction()
