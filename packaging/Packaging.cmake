# Installation rules and the Debian package (cpack -G DEB). Included at the end of the top-level CMakeLists.txt.
#
#   cmake -S . -B build/package -G Ninja -DCMAKE_BUILD_TYPE=Release -DVEIL_BUILD_TESTS=OFF
#   cmake --build build/package && (cd build/package && cpack -G DEB)
#
# Paths are relative to the install prefix: /usr in the package (CPACK_PACKAGING_INSTALL_PREFIX), /usr/local for a
# plain `cmake --install`. Only the example managed configuration is installed; /etc/veil stays the admin's.

set(VEIL_APP_ID "org.veil.Veil")
set(VEIL_PACKAGING_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(VEIL_RESOURCES_DIR "${PROJECT_SOURCE_DIR}/resources")
set(VEIL_PACKAGING_BINARY_DIR "${PROJECT_BINARY_DIR}/packaging")
set(VEIL_DOC_DIR "share/doc/veil")

if(NOT CMAKE_BUILD_TYPE STREQUAL "Release")
    message(STATUS "Packaging: the .deb is meant to be built from a Release tree (this is ${CMAKE_BUILD_TYPE}).")
endif()

# Programs.
install(TARGETS veil veilctl RUNTIME DESTINATION bin)

# Desktop integration.
install(FILES "${VEIL_RESOURCES_DIR}/${VEIL_APP_ID}.desktop" DESTINATION share/applications)
install(FILES "${VEIL_RESOURCES_DIR}/${VEIL_APP_ID}.metainfo.xml" DESTINATION share/metainfo)
install(FILES "${VEIL_RESOURCES_DIR}/icons/${VEIL_APP_ID}.svg" DESTINATION share/icons/hicolor/scalable/apps)

# PNG icons, rendered from the SVG at build time.
set(VEIL_ICON_SIZES 16 22 24 32 48 64 128 256)
find_program(RSVG_CONVERT_EXE rsvg-convert)
if(RSVG_CONVERT_EXE)
    set(icon_outputs)
    foreach(size IN LISTS VEIL_ICON_SIZES)
        set(png "${VEIL_PACKAGING_BINARY_DIR}/icons/${size}x${size}/${VEIL_APP_ID}.png")
        add_custom_command(OUTPUT "${png}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${VEIL_PACKAGING_BINARY_DIR}/icons/${size}x${size}"
            COMMAND ${RSVG_CONVERT_EXE} --width=${size} --height=${size} --keep-aspect-ratio
                    --output "${png}" "${VEIL_RESOURCES_DIR}/icons/${VEIL_APP_ID}.svg"
            DEPENDS "${VEIL_RESOURCES_DIR}/icons/${VEIL_APP_ID}.svg"
            COMMENT "Rendering the ${size}x${size} icon"
            VERBATIM)
        list(APPEND icon_outputs "${png}")
        install(FILES "${png}" DESTINATION share/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(veil_icons ALL DEPENDS ${icon_outputs})
else()
    message(WARNING "Packaging: rsvg-convert (Debian package librsvg2-bin) not found; only the scalable icon is "
                    "installed.")
endif()

# Man pages: the version filled in at configure time, gzipped at build time (reproducibly: gzip -n).
find_program(GZIP_EXE gzip REQUIRED)
set(man_outputs)
foreach(program IN ITEMS veil veilctl)
    set(page "${VEIL_PACKAGING_BINARY_DIR}/man/${program}.1")
    configure_file("${VEIL_PACKAGING_DIR}/man/${program}.1" "${page}" @ONLY)
    add_custom_command(OUTPUT "${page}.gz"
        COMMAND ${GZIP_EXE} -9 -n -f -k "${page}"
        DEPENDS "${page}" "${VEIL_PACKAGING_DIR}/man/${program}.1"
        COMMENT "Compressing the ${program}(1) man page"
        VERBATIM)
    list(APPEND man_outputs "${page}.gz")
    install(FILES "${page}.gz" DESTINATION share/man/man1)
endforeach()
add_custom_target(veil_man ALL DEPENDS ${man_outputs})

# Example managed configuration and policy bundle.
install(FILES
    "${VEIL_PACKAGING_DIR}/examples/README.md"
    "${VEIL_PACKAGING_DIR}/examples/policy.json"
    DESTINATION "${VEIL_DOC_DIR}/examples")
install(FILES "${VEIL_PACKAGING_DIR}/examples/managed.d/10-example.json"
    DESTINATION "${VEIL_DOC_DIR}/examples/managed.d")

# CPack: the Debian package.
set(VEIL_PACKAGE_MAINTAINER "Veil maintainers <maintainers@veil.example.org>"
    CACHE STRING "Maintainer field of the Debian package (\"Name <e-mail>\")")

set(CPACK_PACKAGE_NAME "veil")
set(CPACK_PACKAGE_VENDOR "Veil")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${VEIL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "privacy-aware desktop client for approved AI assistants")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "veil")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # veil_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VEIL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The synopsis line comes from CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Veil is a desktop shell (veil, Qt) and command line (veilctl) for chatting with
the AI assistants an organization has approved, built so that nothing sensitive
leaves the machine by accident. Every prompt passes a local redaction core
first: API keys, tokens, private keys, passwords in connection strings, e-mail
addresses, phone numbers, card numbers and IBANs are replaced by reversible
placeholders, and replies are shown with them restored, locally only.
.
Administrators can enforce a minisign-signed organization policy (approved
providers and models, extra rules, retention) through /etc/veil/managed.d.")
# Runtime library dependencies come from dpkg-shlibdeps; the rest are plugins or services loaded at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# qt6-translations-l10n: Qt's own strings (standard dialog buttons) in the user's language.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | keepassxc, minisign")

include(CPack)
