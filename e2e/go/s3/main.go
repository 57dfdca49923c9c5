// Command s3 serves an S3-compatible object store for samdrift's end-to-end test: gofakes3 (MIT) over a
// bbolt file, on one loopback address with TLS, so that Terraform's s3 state backend runs against a real
// S3 protocol implementation with the endpoint and path-style addressing that a site catalogue names.
//
// gofakes3 decodes only signed aws-chunked uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). Terraform 1.11's
// AWS SDK also sends unsigned ones with trailers (STREAMING-UNSIGNED-PAYLOAD-TRAILER), which gofakes3
// would store with their chunk framing (a state file that starts with "813a\r\n"). decodeChunked turns
// every aws-chunked body into the plain one first, as S3 does.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9443", "address to serve on")
	db := flag.String("db", "s3.db", "bbolt file that holds the buckets")
	cert := flag.String("cert", "", "TLS certificate (PEM)")
	key := flag.String("key", "", "TLS private key (PEM)")
	buckets := flag.String("buckets", "", "buckets to create at start, comma-separated")
	flag.Parse()

	backend, err := s3bolt.NewFile(*db)
	if err != nil {
		log.Fatalf("open %s: %v", *db, err)
	}
	for _, bucket := range strings.Split(*buckets, ",") {
		if bucket == "" {
			continue
		}
		if exists, _ := backend.BucketExists(bucket); !exists {
			if err := backend.CreateBucket(bucket); err != nil {
				log.Fatalf("create bucket %s: %v", bucket, err)
			}
		}
	}
	faker := gofakes3.New(backend, gofakes3.WithTimeSkewLimit(time.Hour))
	server := &http.Server{Addr: *listen, Handler: decodeChunked(faker.Server()), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("s3: serving on https://%s", *listen)
	log.Fatal(server.ListenAndServeTLS(*cert, *key))
}

// decodeChunked replaces an aws-chunked request body (signed or not, with or without trailers) by the
// payload it frames.
func decodeChunked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode := r.Header.Get("X-Amz-Content-Sha256")
		if !strings.HasPrefix(mode, "STREAMING-") {
			next.ServeHTTP(w, r)
			return
		}
		body, err := readChunks(bufio.NewReader(r.Body))
		if err != nil {
			http.Error(w, "aws-chunked body: "+err.Error(), http.StatusBadRequest)
			return
		}
		if want := r.Header.Get("X-Amz-Decoded-Content-Length"); want != "" && want != strconv.Itoa(len(body)) {
			http.Error(w, fmt.Sprintf("aws-chunked body: decoded %d bytes, header says %s", len(body), want), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
		r.Header.Del("X-Amz-Decoded-Content-Length")
		r.Header.Del("X-Amz-Trailer")
		encodings := []string{}
		for _, e := range strings.Split(r.Header.Get("Content-Encoding"), ",") {
			if e = strings.TrimSpace(e); e != "" && e != "aws-chunked" {
				encodings = append(encodings, e)
			}
		}
		if len(encodings) == 0 {
			r.Header.Del("Content-Encoding")
		} else {
			r.Header.Set("Content-Encoding", strings.Join(encodings, ","))
		}
		next.ServeHTTP(w, r)
	})
}

// readChunks reads "<hex size>[;extensions]\r\n<data>\r\n" chunks up to the zero-size one; trailers after
// it (checksums) are read and dropped.
func readChunks(in *bufio.Reader) ([]byte, error) {
	var out bytes.Buffer
	for {
		line, err := in.ReadString('\n')
		if err != nil {
			return nil, err
		}
		size, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(line, ";", 2)[0]), 16, 64)
		if err != nil || size < 0 {
			return nil, errors.New("bad chunk size line")
		}
		if size == 0 {
			_, _ = io.Copy(io.Discard, in)
			return out.Bytes(), nil
		}
		if _, err := io.CopyN(&out, in, size); err != nil {
			return nil, err
		}
		if crlf, err := in.ReadString('\n'); err != nil || strings.TrimSpace(crlf) != "" {
			return nil, errors.New("chunk not followed by CRLF")
		}
	}
}
