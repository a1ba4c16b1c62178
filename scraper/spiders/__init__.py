"""One spider per site; they share `ArticleSpider`'s list paging, revisits and article parsing."""
