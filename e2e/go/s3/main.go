// Command s3 serves an S3-compatible object store for samdrift's end-to-end test: gofakes3 (MIT) over a
// bbolt file, on one loopback address with TLS, so that Terraform's s3 state backend runs against a real
// S3 protocol implementation with the endpoint and path-style addressing that a site catalogue names.
package main

import (
	"flag"
	"log"
	"net/http"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9443", "address to serve on")
	db := flag.String("db", "s3.db", "bbolt file that holds the buckets")
	cert := flag.String("cert", "", "TLS certificate (PEM)")
	key := flag.String("key", "", "TLS private key (PEM)")
	bucket := flag.String("bucket", "", "bucket to create at start")
	flag.Parse()

	backend, err := s3bolt.NewFile(*db)
	if err != nil {
		log.Fatalf("open %s: %v", *db, err)
	}
	if *bucket != "" {
		if exists, _ := backend.BucketExists(*bucket); !exists {
			if err := backend.CreateBucket(*bucket); err != nil {
				log.Fatalf("create bucket %s: %v", *bucket, err)
			}
		}
	}
	faker := gofakes3.New(backend, gofakes3.WithTimeSkewLimit(time.Hour))
	server := &http.Server{Addr: *listen, Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("s3: serving on https://%s", *listen)
	log.Fatal(server.ListenAndServeTLS(*cert, *key))
}
