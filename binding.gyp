{
  "targets": [
    {
      "target_name": "nodertc",
      "sources": ["<!@(node scripts/list-sources.js all)"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native",
        "native/core"
      ],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++1y", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fvisibility=hidden", "-O2"],
      "libraries": ["<!@(pkg-config --libs openssl usrsctp libsrtp2)", "-Wl,--exclude-libs,ALL"]
    }
  ]
}
