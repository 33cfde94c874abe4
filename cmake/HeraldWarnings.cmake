# herald_set_warnings(target): the project's warning set; errors unless HERALD_WARNINGS_AS_ERRORS=OFF.
add_library(herald_warnings INTERFACE)
target_compile_options(herald_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Wno-missing-field-initializers -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${HERALD_WARNINGS_AS_ERRORS}>:-Werror>)
add_library(herald_sanitizers INTERFACE)
if(HERALD_SANITIZE)
  # -fno-sanitize=vptr: UBSan's dynamic-type check needs the typeinfo of every polymorphic class it sees,
  # and libsoci does not export its internal ones (ref_counted_statement): linking would fail.
  target_compile_options(herald_sanitizers INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(herald_sanitizers INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
endif()
function(herald_set_warnings target)
  target_link_libraries(${target} PRIVATE herald_warnings herald_sanitizers)
endfunction()
