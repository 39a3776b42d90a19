module bulwark.dev/bench/admission-load

go 1.23
