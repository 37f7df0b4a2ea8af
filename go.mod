module github.com/ringkit/oura-go

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	golang.org/x/oauth2 v0.36.0
	golang.org/x/time v0.15.0
	gopkg.in/h2non/gock.v1 v1.1.2
)

require github.com/h2non/parth v0.0.0-20190131123155-b4df798d6542 // indirect
