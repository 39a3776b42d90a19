module example.com/app

go 1.22

toolchain go1.22.3

require (
	github.com/google/uuid v1.6.0
	"golang.org/x/text" v0.14.0 // indirect
	example.com/local v0.0.0
)

require github.com/pkg/errors v0.9.1

replace golang.org/x/text v0.14.0 => golang.org/x/text v0.15.0

replace example.com/local => ../local

exclude github.com/pkg/errors v0.8.0
