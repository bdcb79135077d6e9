// swift-tools-version:6.2
// groupchat: a peer-hosted group chat with three interchangeable server engines.
import PackageDescription

let package = Package(
    name: "groupchat",
    products: [
        .executable(name: "groupd", targets: ["groupd"]),
        .executable(name: "groupctl", targets: ["groupctl"]),
        .executable(name: "groupbench", targets: ["groupbench"]),
    ],
    targets: [
        // MARK: - Libraries
        .target(
            name: "CGroupSys",
            linkerSettings: [.linkedLibrary("crypt")]
        ),
        // TLS comes from the system's OpenSSL 3; a machine without its headers is told what to install.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "CGroupTLS", dependencies: ["COpenSSL"]),
        .target(name: "GroupTLS", dependencies: ["CGroupTLS"]),
        .target(name: "GroupWire"),
        .target(name: "GroupCore", dependencies: ["GroupWire"]),
        .target(name: "GroupPosix", dependencies: ["CGroupSys", "GroupNetwork"]),
        .target(name: "GroupStore", dependencies: ["GroupCore", "GroupWire", "GroupPosix", "GroupTLS", "CGroupSys"]),
        .target(
            name: "GroupServer",
            dependencies: [
                "GroupCore", "GroupWire", "GroupStore", "GroupPosix", "GroupTLS", "GroupCLI", "GroupWeb", "GroupWebPage",
                "GroupIRC", "GroupExport", "GroupNetwork",
            ]
        ),
        .target(name: "GroupClient", dependencies: ["GroupWire", "GroupPosix", "GroupTLS", "GroupCLI", "GroupExport", "GroupNetwork"]),
        .target(name: "GroupCLI"),
        .target(name: "GroupWeb", dependencies: ["GroupWire"]),
        .target(name: "GroupIRC", dependencies: ["GroupWire"]),
        .target(name: "GroupWebPage", dependencies: ["GroupWeb"], resources: [.copy("Page")]),
        .target(name: "GroupExport", dependencies: ["GroupWire", "GroupCLI"]),
        // IP address text, the DNS message codec (mDNS/DNS-SD), NAT-PMP/PCP: pure, no I/O.
        .target(name: "GroupNetwork"),

        // MARK: - Executables
        .executableTarget(
            name: "groupd", dependencies: ["GroupServer", "GroupCore", "GroupWire", "GroupCLI", "GroupExport", "GroupStore"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "now"])]),
        .executableTarget(name: "groupctl", dependencies: ["GroupClient", "GroupTLS", "GroupCLI"]),
        .executableTarget(name: "groupbench", dependencies: ["GroupClient", "GroupWire", "GroupPosix", "GroupTLS", "GroupCLI"]),

        // MARK: - Test support
        .target(name: "GroupTestSupport", dependencies: ["GroupClient", "GroupWire", "GroupPosix", "GroupTLS", "GroupWeb"]),
        // A fake router (PCP/NAT-PMP) and an mDNS listener, run by the tests inside their network namespaces.
        .executableTarget(name: "netfixture", dependencies: ["GroupNetwork", "GroupPosix"]),

        // MARK: - Tests
        .testTarget(name: "GroupWireTests", dependencies: ["GroupWire"]),
        .testTarget(name: "GroupTLSTests", dependencies: ["GroupTLS"]),
        .testTarget(name: "GroupCoreTests", dependencies: ["GroupCore", "GroupWire"]),
        .testTarget(name: "GroupPosixTests", dependencies: ["GroupPosix", "GroupNetwork"]),
        .testTarget(name: "GroupStoreTests", dependencies: ["GroupStore", "GroupCore", "GroupTestSupport"]),
        .testTarget(name: "GroupServerTests", dependencies: ["GroupServer", "GroupWire", "GroupCore", "GroupTLS", "GroupStore", "GroupPosix", "GroupNetwork"]),
        .testTarget(name: "GroupCLITests", dependencies: ["GroupCLI"]),
        .testTarget(name: "GroupClientTests", dependencies: ["GroupClient", "GroupWire", "GroupCLI", "GroupTLS", "GroupNetwork"]),
        .testTarget(name: "GroupWebTests", dependencies: ["GroupWeb"]),
        .testTarget(name: "GroupExportTests", dependencies: ["GroupExport", "GroupWire"]),
        .testTarget(name: "GroupIRCTests", dependencies: ["GroupIRC", "GroupWire"]),
        .testTarget(name: "GroupNetworkTests", dependencies: ["GroupNetwork"]),
        .testTarget(
            name: "GroupWebPageTests", dependencies: ["GroupWebPage", "GroupWeb", "GroupTestSupport"], exclude: ["Scripts"]),
        .testTarget(
            name: "HostileClientTests",
            dependencies: ["GroupTestSupport", "GroupClient", "GroupWire", "GroupPosix", "GroupTLS", "GroupWeb"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["GroupTestSupport", "GroupClient", "GroupWire", "GroupPosix", "GroupTLS", "GroupCLI", "GroupWeb"],
            exclude: ["Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
