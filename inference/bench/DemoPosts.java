// The posts ./pulse demo sends to feedback.raw, as JSON lines for DemoLabels: ingest's offline generator with the
// demo's seed (7) and count (300) over the demo catalog (RetailModel seed 42, 5 stores, 20 products). Each line
// holds the text, the generator's sentiment and the catalog names in it (what inference's gazetteer removes).
// Run by bench/demo-posts.sh (single-file source on ingest's compiled classes; not part of any build).
import io.retailpulse.ingest.demo.posts.GeneratedPost;
import io.retailpulse.ingest.demo.posts.OfflinePostGenerator;
import io.retailpulse.ingest.demo.posts.PostCatalog;
import io.retailpulse.ingest.demo.retail.RetailModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public class DemoPosts {
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        RetailModel model = new RetailModel(42, 5, 20, LocalDate.now().minusYears(2));
        PostCatalog catalog = PostCatalog.of(model);
        OfflinePostGenerator generator = new OfflinePostGenerator(seed);
        for (String sentiment : generator.labels(count)) {
            GeneratedPost post = generator.post(sentiment, catalog);
            List<String> names = new ArrayList<>();
            // what inference's gazetteer finds: a product's name, its name without the brand, the brand; a store's
            // name and its city (each city of the demo has one store)
            catalog.products().forEach(p -> {
                names.add(p.name());
                if (p.place() != null) {
                    names.add(p.place());
                    if (p.name().startsWith(p.place() + " ")) {
                        names.add(p.name().substring(p.place().length() + 1));
                    }
                }
            });
            catalog.stores().forEach(s -> {
                names.add(s.name());
                if (s.place() != null) {
                    names.add(s.place());
                }
            });
            names.removeIf(n -> !post.text().toLowerCase().contains(n.toLowerCase()));
            StringBuilder line = new StringBuilder("{\"text\":").append(quote(post.text()))
                    .append(",\"sentiment\":").append(quote(sentiment)).append(",\"names\":[");
            for (int i = 0; i < names.size(); i++) {
                line.append(i == 0 ? "" : ",").append(quote(names.get(i)));
            }
            System.out.println(line.append("]}"));
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
