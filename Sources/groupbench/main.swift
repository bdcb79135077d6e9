print("groupbench: not built yet")
