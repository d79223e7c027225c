// Compiled only so that a set of precompiled headers has a target to belong to
// (tests/CMakeLists.txt, cmake/Pch.cmake).
