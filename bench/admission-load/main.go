// admission-load: the loop of rakyll/hey's worker (the steady load of issue #12 is `hey -c 50 -q 40`), built with
// whichever Go is installed. Debian's hey is built with Go 1.19; the API server of a current Kubernetes is built
// with Go 1.23, whose http.Transport treats dials differently. Same shape as the bench's hey runs: one client
// (one Transport, like one hey process) per body file, -c goroutines each, optional per-goroutine time.Tick pacing.
// Prints one JSON line. Standard library only, so it builds offline.
package main

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	c := flag.Int("c", 10, "goroutines (connections) per body file")
	q := flag.Float64("q", 0, "requests per second per goroutine, paced as hey does (0: closed loop)")
	z := flag.Duration("z", 10*time.Second, "duration")
	url := flag.String("url", "", "URL to POST to")
	bodies := flag.String("bodies", "", "comma-separated body files; one client per file, as one hey process each")
	flag.Parse()
	var mu sync.Mutex
	var lat []float64
	var errs, fresh atomic.Int64
	deadline := time.Now().Add(*z)
	var wg sync.WaitGroup
	for _, f := range strings.Split(*bodies, ",") {
		body, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		// hey's transport settings (rakyll/hey requester.go).
		tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, MaxIdleConnsPerHost: min(*c, 500), DisableCompression: true}
		client := &http.Client{Transport: tr, Timeout: 20 * time.Second}
		for i := 0; i < *c; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var tick <-chan time.Time
				if *q > 0 {
					tick = time.Tick(time.Duration(1e6 / *q) * time.Microsecond)
				}
				local := make([]float64, 0, 4096)
				trace := &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
					if !ci.Reused {
						fresh.Add(1)
					}
				}}
				for time.Now().Before(deadline) {
					if tick != nil {
						<-tick
					}
					req, _ := http.NewRequest("POST", *url, bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
					t0 := time.Now()
					res, err := client.Do(req)
					if err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
					ms := time.Since(t0).Seconds() * 1000
					if err != nil || res.StatusCode != 200 {
						errs.Add(1)
					} else {
						local = append(local, ms)
					}
				}
				mu.Lock()
				lat = append(lat, local...)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	sort.Float64s(lat)
	at := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	late := 0
	if *q > 0 {
		for _, v := range lat {
			if v > 1000 / *q {
				late++
			}
		}
	}
	json.NewEncoder(os.Stdout).Encode(map[string]any{"requests": len(lat), "errors": errs.Load(), "p50": at(0.5), "p99": at(0.99), "max": at(1), "onNewConnection": fresh.Load(), "late": late})
}
