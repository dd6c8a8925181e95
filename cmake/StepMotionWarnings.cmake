# Per-target warnings for our own code (third-party headers are included as SYSTEM).
function(stepmotion_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(STEPMOTION_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
option(STEPMOTION_WERROR "Treat warnings as errors" OFF)
