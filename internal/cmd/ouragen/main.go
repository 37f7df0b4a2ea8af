// Command ouragen writes the generated files of the module; `go generate .`
// at the repository root runs it (see generate.go).
//
// From the table of collections (internal/catalog) and openapi/oura.json it
// writes oura/collections.go, oura/webhook_fetch.go,
// oura/ouratest/collections.go and the collections table of README.md. With
// a command after "--" (oapi-codegen, writing the models to its standard
// output), it first rewrites that output into oura/models.gen.go.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"

	"github.com/ringkit/oura-go/internal/catalog"
	"github.com/ringkit/oura-go/internal/gen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("ouragen: ")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: ouragen [-- oapi-codegen command writing the models to stdout]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if args := flag.Args(); len(args) > 0 {
		if err := models(args); err != nil {
			log.Fatal(err)
		}
	}
	if err := fromTable(); err != nil {
		log.Fatal(err)
	}
}

func fromTable() error {
	spec, err := os.ReadFile("openapi/oura.json")
	if err != nil {
		return err
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return err
	}
	synth, err := gen.FakeGenerators("oura/ouratest")
	if err != nil {
		return err
	}
	files, err := gen.Generated(catalog.Collections, spec, readme, synth)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(f.Path, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func models(args []string) error {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%v: %v\n%s", args, err, stderr.Bytes())
	}
	src, err := gen.Models(stdout.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile("oura/models.gen.go", src, 0o644)
}
