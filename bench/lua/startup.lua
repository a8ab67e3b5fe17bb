-- Start-up baseline: an empty script. Its whole-process time is the fixed cost that every
-- other workload's whole-process time includes.
print("checksum 0")
print(string.format("time %.6f", 0))
