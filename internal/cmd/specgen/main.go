// Command specgen writes openapi/oura.json from Oura's official document.
//
//	go run ./internal/cmd/specgen -ref ../shared/reference/oura-openapi.json -o openapi/oura.json
package main

import (
	"flag"
	"log"
	"os"

	"github.com/ringkit/oura-go/internal/specgen"
)

func main() {
	ref := flag.String("ref", "", "path of Oura's OpenAPI document (required)")
	out := flag.String("o", "openapi/oura.json", "output path")
	flag.Parse()
	if *ref == "" {
		log.Fatal("specgen: -ref is required")
	}
	in, err := os.ReadFile(*ref)
	if err != nil {
		log.Fatal(err)
	}
	doc, err := specgen.Convert(in)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		log.Fatal(err)
	}
}
