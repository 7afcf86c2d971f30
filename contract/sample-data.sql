-- Sample rows for the contract's catalog (schema.sql): personal data and card numbers, so
-- that masks have something to mask. Used by the gateway's integration tests and the demo,
-- which load both files under their own schema names.

INSERT INTO shop.customers (id, name, email, phone, city) VALUES
  (1, 'Jane Doe', 'jane.doe@example.com', '555-0100', 'Lyon'),
  (2, 'Omar Haddad', 'omar@example.org', '555-0199', 'Oslo'),
  (3, 'Li Wei', 'li.wei@example.net', NULL, 'Porto');

INSERT INTO shop.orders (id, customer_id, status, total, note) VALUES
  (1, 1, 'paid', 25.50, 'card 4111 1111 1111 1111 charged'),
  (2, 1, 'open', 9.99, NULL),
  (3, 2, 'paid', 120.00, 'gift wrap'),
  (7, 3, 'shipped', 5.00, 'leave at door');

INSERT INTO shop.payments (id, order_id, card_number, amount) VALUES
  (1, 1, '4111111111111111', 25.50),
  (2, 3, '5500-0000-0000-0004', 120.00);

INSERT INTO shop.tickets (id, customer_id, subject, body, status) VALUES
  (42, 1, 'refund', 'please refund card 4111-1111-1111-1111', 'open'),
  (43, 2, 'late', 'where is it', 'open');

INSERT INTO hr.employees (id, name, email, ssn, salary) VALUES
  (1, 'Ana Lima', 'ana@corp.example', '123-45-6789', 50000.00);
