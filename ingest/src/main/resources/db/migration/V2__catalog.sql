-- The catalog: stores and products, imported, generated, or registered automatically from transactions.
CREATE TABLE catalog_store (
    store_id   VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    city       VARCHAR(120),
    region     VARCHAR(120),
    source     VARCHAR(32) NOT NULL,
    updated_at TIMESTAMP(3) NOT NULL
);

CREATE TABLE catalog_product (
    product_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    brand      VARCHAR(120),
    category   VARCHAR(120),
    price      DECIMAL(14, 4),
    source     VARCHAR(32) NOT NULL,
    updated_at TIMESTAMP(3) NOT NULL
);
