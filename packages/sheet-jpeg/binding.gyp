{
  "targets": [
    {
      "target_name": "sheet_jpeg",
      "sources": ["src/sheet_jpeg.c"],
      "libraries": ["-ljpeg"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
