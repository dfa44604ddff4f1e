print("ciblab")
