# The Debian package: `cmake --build build --target package` writes
# build/ua-deploy_<version>_<arch>.deb, which the Ansible role ua.deploy.install puts on hosts
# (docs/fleet.md). It holds the executable and the README; its dependencies are the shared
# libraries the executable links, found by dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ua-deploy)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "ua-deploy maintainers <ua-deploy@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Safe self-deployment of MCP servers: verified backups, atomic switch, automatic rollback")
set(CPACK_PACKAGE_DESCRIPTION
    "ua-deploy is an MCP server and command-line tool that deploys the development tree of an
MCP server into its production directory: it validates the change, takes a verified backup,
switches production over atomically, tests the result and rolls back by itself on failure.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The default health check and post-deploy test start `python3 server.py`.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")
set(CPACK_STRIP_FILES ON)
install(FILES README.md DESTINATION share/doc/ua-deploy)
include(CPack)
