#pragma once
// Where the programs find their bundled data (rig maps, default model, shaders):
// $STEPMOTION_RESOURCES if set, else <prefix>/share/stepmotion next to the installed
// executable, else the source tree's resources/ (for programs run from a build tree).

#include <string>

namespace stepmotion {

/// The resources directory, or throws stepmotion::Error listing the places tried.
std::string resourceDirectory();

/// resourceDirectory() + "/" + relative.
std::string resourcePath(const std::string& relative);

} // namespace stepmotion
