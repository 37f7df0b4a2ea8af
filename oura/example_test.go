package oura_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func ExampleClient_DailySleep() {
	// A fake Oura server; with a real account use
	// oura.NewClient(oura.WithToken(accessToken)).
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	start := oura.NewDate(2024, time.March, 5)
	end := oura.NewDate(2024, time.March, 8) // included
	days, err := client.DailySleep(context.Background(), start, end)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range days {
		if d.Score == nil {
			fmt.Println(d.Day, "no score")
			continue
		}
		fmt.Println(d.Day, *d.Score)
	}
	// Output:
	// 2024-03-05 80
	// 2024-03-06 no score
	// 2024-03-07 85
	// 2024-03-08 51
}

func ExampleClient_HeartRate() {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	// Half-open: samples at or after start and before end.
	start := time.Date(2024, time.March, 1, 18, 0, 0, 0, time.UTC)
	end := start.Add(30 * time.Minute)
	rows, err := client.HeartRate(context.Background(), start, end)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r.Timestamp.Format(time.Kitchen), r.BPM, r.Source)
	}
	// Output:
	// 6:00PM 77 awake
	// 6:05PM 75 awake
	// 6:10PM 78 awake
	// 6:15PM 78 awake
	// 6:20PM 74 awake
	// 6:25PM 81 awake
}

func ExampleClient_HeartRateIter() {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	// A week of samples, one page (about 1,000 rows) in memory at a time.
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	n, sum := 0, 0
	for r, err := range client.HeartRateIter(context.Background(), start, start.AddDate(0, 0, 7)) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		sum += r.BPM
	}
	fmt.Println(n, "samples")
	// Output:
	// 2016 samples
}

func ExampleLastDays() {
	week := oura.DateRange{Start: oura.NewDate(2024, time.February, 26), End: oura.NewDate(2024, time.March, 3)}
	fmt.Println(week, week.Days(), "days")
	for _, part := range week.Split(3) {
		fmt.Println(part)
	}
	// Output:
	// 2024-02-26..2024-03-03 7 days
	// 2024-02-26..2024-02-28
	// 2024-02-29..2024-03-02
	// 2024-03-03..2024-03-03
}
