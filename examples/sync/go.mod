module github.com/ringkit/oura-go/examples/sync

go 1.26.0

require (
	github.com/ringkit/oura-go v0.0.0
	github.com/ringkit/oura-go/oura/ourasync/sqlitemirror v0.0.0
)

require (
	github.com/ncruces/go-sqlite3 v0.37.0 // indirect
	github.com/ncruces/go-sqlite3-wasm/v6 v6.5.35401 // indirect
	github.com/ncruces/julianday v1.0.0 // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

// The example runs from this repository: cd examples/sync && go run .
replace (
	github.com/ringkit/oura-go => ../..
	github.com/ringkit/oura-go/oura/ourasync/sqlitemirror => ../../oura/ourasync/sqlitemirror
)
