"""The Scrapy project: spiders for the park-news sites, their middlewares and the store pipeline."""
