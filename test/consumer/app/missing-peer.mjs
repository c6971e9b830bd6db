// Importing a subpath whose optional peer is not installed must name the package to install.
try {
  await import("@heaters/adapters/s3")
  console.log("imported")
} catch (error) {
  console.log(String(error))
}
