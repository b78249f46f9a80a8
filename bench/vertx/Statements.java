import java.lang.reflect.Field;

/**
 * Prints SQL constants of the service's classes, so that pgbench runs the very statements the service sends:
 * java -cp target/classes bench/vertx/Statements.java gg.phoenix.coupons.coupon.CouponSql FIND_BY_CODES
 * Each statement is printed on one line ($1, $2... as the service sends them), in the order asked.
 */
public class Statements {

  public static void main(String[] args) throws Exception {
    Class<?> holder = Class.forName(args[0]);
    for (int i = 1; i < args.length; i++) {
      Field field = holder.getDeclaredField(args[i]);
      field.setAccessible(true);
      System.out.println(((String) field.get(null)).replaceAll("\\s+", " ").strip());
    }
  }
}
